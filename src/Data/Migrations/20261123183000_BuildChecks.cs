using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BuildFarm.Data.Migrations;

// Written by hand, like InitialCreate: a build's check and how it went.
[DbContext(typeof(FarmDbContext))]
[Migration("20261123183000_BuildChecks")]
public partial class BuildChecks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "CheckJson", table: "builds", type: "TEXT", nullable: true);
        migrationBuilder.AddColumn<string>(name: "CheckResultJson", table: "builds", type: "TEXT", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "CheckJson", table: "builds");
        migrationBuilder.DropColumn(name: "CheckResultJson", table: "builds");
    }
}
