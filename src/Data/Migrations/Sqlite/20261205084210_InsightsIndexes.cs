using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BuildFarm.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InsightsIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_build_steps_Key",
                table: "build_steps");

            migrationBuilder.AddColumn<long>(
                name: "SavedMs",
                table: "builds",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateIndex(
                name: "IX_builds_Insights",
                table: "builds",
                columns: new[] { "QueuedAt", "Status", "Release", "NoCache", "StepsCached", "StepsTotal", "DurationMs", "StartedAt", "SavedMs", "AgentId", "MissCause", "Repository" });

            migrationBuilder.CreateIndex(
                name: "IX_builds_Repository_QueuedAt",
                table: "builds",
                columns: new[] { "Repository", "QueuedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_build_steps_Key_CompletedAt",
                table: "build_steps",
                columns: new[] { "Key", "CompletedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_builds_Insights",
                table: "builds");

            migrationBuilder.DropIndex(
                name: "IX_builds_Repository_QueuedAt",
                table: "builds");

            migrationBuilder.DropIndex(
                name: "IX_build_steps_Key_CompletedAt",
                table: "build_steps");

            migrationBuilder.DropColumn(
                name: "SavedMs",
                table: "builds");

            migrationBuilder.CreateIndex(
                name: "IX_build_steps_Key",
                table: "build_steps",
                column: "Key");
        }
    }
}
