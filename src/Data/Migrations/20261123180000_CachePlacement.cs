using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BuildFarm.Data.Migrations;

// Written by hand, like InitialCreate: the plan each build is placed by, and the keys each agent holds.
[DbContext(typeof(FarmDbContext))]
[Migration("20261123180000_CachePlacement")]
public partial class CachePlacement : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "Commit", table: "builds", type: "TEXT", nullable: true);
        migrationBuilder.AddColumn<string>(name: "PlanJson", table: "builds", type: "TEXT", nullable: true);
        migrationBuilder.AddColumn<string>(name: "CandidatesJson", table: "builds", type: "TEXT", nullable: true);
        migrationBuilder.AddColumn<int>(name: "PredictedCachedSteps", table: "builds", type: "INTEGER", nullable: true);

        migrationBuilder.CreateTable(
            name: "agent_cache_keys",
            columns: table => new
            {
                AgentId = table.Column<string>(type: "TEXT", nullable: false),
                Key = table.Column<string>(type: "TEXT", nullable: false)
            },
            constraints: table => table.PrimaryKey("PK_agent_cache_keys", x => new { x.AgentId, x.Key }));
        migrationBuilder.CreateIndex(name: "IX_agent_cache_keys_Key", table: "agent_cache_keys", column: "Key");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "agent_cache_keys");
        migrationBuilder.DropColumn(name: "Commit", table: "builds");
        migrationBuilder.DropColumn(name: "PlanJson", table: "builds");
        migrationBuilder.DropColumn(name: "CandidatesJson", table: "builds");
        migrationBuilder.DropColumn(name: "PredictedCachedSteps", table: "builds");
    }
}
