using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BuildFarm.Data.Migrations;

// Written by hand, like InitialCreate: agents report their cache inventory and budget, steps carry their predicted
// key, each build keeps what placement predicted so it can be scored against what BuildKit did, and every digest a
// base tag was seen at is kept.
[DbContext(typeof(FarmDbContext))]
[Migration("20261123190000_CacheInventory")]
public partial class AgentCacheInventory : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<long>(name: "CacheBudgetBytes", table: "agents", type: "INTEGER", nullable: true);
        migrationBuilder.AddColumn<int>(name: "CacheKeyCount", table: "agents", type: "INTEGER", nullable: false, defaultValue: 0);
        migrationBuilder.AddColumn<long>(name: "CacheKeysDropped", table: "agents", type: "INTEGER", nullable: false, defaultValue: 0L);
        migrationBuilder.AddColumn<string>(name: "PredictedKeysJson", table: "builds", type: "TEXT", nullable: true);
        migrationBuilder.AddColumn<double>(name: "PredictedSeconds", table: "builds", type: "REAL", nullable: true);
        migrationBuilder.AddColumn<int>(name: "PredictionHits", table: "builds", type: "INTEGER", nullable: true);
        migrationBuilder.AddColumn<int>(name: "PredictionFalseHits", table: "builds", type: "INTEGER", nullable: true);
        migrationBuilder.AddColumn<int>(name: "PredictionMisses", table: "builds", type: "INTEGER", nullable: true);
        migrationBuilder.AddColumn<string>(name: "Key", table: "build_steps", type: "TEXT", nullable: true);
        migrationBuilder.CreateTable(
            name: "image_digests",
            columns: table => new
            {
                Reference = table.Column<string>(type: "TEXT", nullable: false),
                Digest = table.Column<string>(type: "TEXT", nullable: false),
                FirstSeenAt = table.Column<long>(type: "INTEGER", nullable: false),
                LastSeenAt = table.Column<long>(type: "INTEGER", nullable: false)
            },
            constraints: table => table.PrimaryKey("PK_image_digests", x => new { x.Reference, x.Digest }));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "CacheBudgetBytes", table: "agents");
        migrationBuilder.DropColumn(name: "CacheKeyCount", table: "agents");
        migrationBuilder.DropColumn(name: "CacheKeysDropped", table: "agents");
        migrationBuilder.DropColumn(name: "PredictedKeysJson", table: "builds");
        migrationBuilder.DropColumn(name: "PredictedSeconds", table: "builds");
        migrationBuilder.DropColumn(name: "PredictionHits", table: "builds");
        migrationBuilder.DropColumn(name: "PredictionFalseHits", table: "builds");
        migrationBuilder.DropColumn(name: "PredictionMisses", table: "builds");
        migrationBuilder.DropColumn(name: "Key", table: "build_steps");
        migrationBuilder.DropTable(name: "image_digests");
    }
}
