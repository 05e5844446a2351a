using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BuildFarm.Data.Migrations;

// Written by hand, like the others: a build keeps the agent labels it requires, so placement applies them to planned
// and unplanned builds alike. Builds stored before require nothing.
[DbContext(typeof(FarmDbContext))]
[Migration("20261205120000_RequiredLabels")]
public partial class RequiredLabels : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "RequiredLabels", table: "builds", type: "TEXT", nullable: false, defaultValue: "{}");

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn(name: "RequiredLabels", table: "builds");
}
