using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BuildFarm.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AgentCacheDropsAndStepKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "agent_cache_drops",
                columns: table => new
                {
                    AgentId = table.Column<string>(type: "text", nullable: false),
                    Key = table.Column<string>(type: "text", nullable: false),
                    DroppedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agent_cache_drops", x => new { x.AgentId, x.Key });
                });

            migrationBuilder.CreateIndex(
                name: "IX_build_steps_Key",
                table: "build_steps",
                column: "Key");

            migrationBuilder.CreateIndex(
                name: "IX_agent_cache_drops_Key",
                table: "agent_cache_drops",
                column: "Key");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agent_cache_drops");

            migrationBuilder.DropIndex(
                name: "IX_build_steps_Key",
                table: "build_steps");
        }
    }
}
