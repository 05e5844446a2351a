using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BuildFarm.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InsightsQueries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "SavedMs",
                table: "builds",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "build_bases",
                columns: table => new
                {
                    BuildId = table.Column<Guid>(type: "uuid", nullable: false),
                    Reference = table.Column<string>(type: "text", nullable: false),
                    Digest = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_build_bases", x => new { x.BuildId, x.Reference });
                    table.ForeignKey(
                        name: "FK_build_bases_builds_BuildId",
                        column: x => x.BuildId,
                        principalTable: "builds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

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

            migrationBuilder.CreateIndex(
                name: "IX_build_bases_Reference",
                table: "build_bases",
                column: "Reference");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "build_bases");

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
        }
    }
}
