using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BuildFarm.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AttemptsLogsAndLabels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_build_steps",
                table: "build_steps");

            migrationBuilder.DropIndex(
                name: "IX_agent_cache_keys_Key",
                table: "agent_cache_keys");

            migrationBuilder.DropColumn(
                name: "LogTail",
                table: "build_steps");

            migrationBuilder.AddColumn<long>(
                name: "LogBytes",
                table: "builds",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<bool>(
                name: "LogCut",
                table: "builds",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "RequiredLabels",
                table: "builds",
                type: "text",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<string>(
                name: "AgentId",
                table: "build_steps",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DockerHost",
                table: "agents",
                type: "text",
                nullable: true);

            migrationBuilder.AddPrimaryKey(
                name: "PK_build_steps",
                table: "build_steps",
                columns: new[] { "BuildId", "Attempt", "Index" });

            // Added by hand to the generated steps: the step rows kept so far were all of their build's latest
            // attempt, so they ran on the build's agent.
            migrationBuilder.Sql("""UPDATE build_steps SET "AgentId" = (SELECT "AgentId" FROM builds WHERE builds."Id" = build_steps."BuildId");""");

            migrationBuilder.CreateTable(
                name: "build_attempts",
                columns: table => new
                {
                    BuildId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    AgentId = table.Column<string>(type: "text", nullable: false),
                    AssignedAt = table.Column<long>(type: "bigint", nullable: false),
                    StartedAt = table.Column<long>(type: "bigint", nullable: true),
                    EndedAt = table.Column<long>(type: "bigint", nullable: true),
                    Outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_build_attempts", x => new { x.BuildId, x.Number });
                    table.ForeignKey(
                        name: "FK_build_attempts_builds_BuildId",
                        column: x => x.BuildId,
                        principalTable: "builds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "build_log_chunks",
                columns: table => new
                {
                    BuildId = table.Column<Guid>(type: "uuid", nullable: false),
                    Attempt = table.Column<int>(type: "integer", nullable: false),
                    StepIndex = table.Column<int>(type: "integer", nullable: false),
                    Seq = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "text", nullable: false),
                    Bytes = table.Column<int>(type: "integer", nullable: false),
                    Cut = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_build_log_chunks", x => new { x.BuildId, x.Attempt, x.StepIndex, x.Seq });
                    table.ForeignKey(
                        name: "FK_build_log_chunks_builds_BuildId",
                        column: x => x.BuildId,
                        principalTable: "builds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_agent_cache_keys_Key_AgentId",
                table: "agent_cache_keys",
                columns: new[] { "Key", "AgentId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "build_attempts");

            migrationBuilder.DropTable(
                name: "build_log_chunks");

            migrationBuilder.DropPrimaryKey(
                name: "PK_build_steps",
                table: "build_steps");

            migrationBuilder.DropIndex(
                name: "IX_agent_cache_keys_Key_AgentId",
                table: "agent_cache_keys");

            migrationBuilder.DropColumn(
                name: "LogBytes",
                table: "builds");

            migrationBuilder.DropColumn(
                name: "LogCut",
                table: "builds");

            migrationBuilder.DropColumn(
                name: "RequiredLabels",
                table: "builds");

            migrationBuilder.DropColumn(
                name: "AgentId",
                table: "build_steps");

            migrationBuilder.DropColumn(
                name: "DockerHost",
                table: "agents");

            migrationBuilder.AddColumn<string>(
                name: "LogTail",
                table: "build_steps",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddPrimaryKey(
                name: "PK_build_steps",
                table: "build_steps",
                columns: new[] { "BuildId", "Index" });

            migrationBuilder.CreateIndex(
                name: "IX_agent_cache_keys_Key",
                table: "agent_cache_keys",
                column: "Key");
        }
    }
}
