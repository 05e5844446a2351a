using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace BuildFarm.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "agent_cache_keys",
                columns: table => new
                {
                    AgentId = table.Column<string>(type: "text", nullable: false),
                    Key = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agent_cache_keys", x => new { x.AgentId, x.Key });
                });

            migrationBuilder.CreateTable(
                name: "agents",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Labels = table.Column<string>(type: "text", nullable: false),
                    Os = table.Column<string>(type: "text", nullable: false),
                    Arch = table.Column<string>(type: "text", nullable: false),
                    DockerVersion = table.Column<string>(type: "text", nullable: true),
                    StorageDriver = table.Column<string>(type: "text", nullable: true),
                    DockerError = table.Column<string>(type: "text", nullable: true),
                    CacheBytes = table.Column<long>(type: "bigint", nullable: false),
                    CacheBudgetBytes = table.Column<long>(type: "bigint", nullable: true),
                    CacheKeyCount = table.Column<int>(type: "integer", nullable: false),
                    CacheKeysDropped = table.Column<long>(type: "bigint", nullable: false),
                    Capacity = table.Column<int>(type: "integer", nullable: false),
                    RunningBuilds = table.Column<string>(type: "text", nullable: false),
                    Gpus = table.Column<string>(type: "text", nullable: false),
                    DriverVersion = table.Column<string>(type: "text", nullable: true),
                    CudaVersion = table.Column<string>(type: "text", nullable: true),
                    GpuError = table.Column<string>(type: "text", nullable: true),
                    AgentVersion = table.Column<string>(type: "text", nullable: false),
                    RegisteredAt = table.Column<long>(type: "bigint", nullable: false),
                    LastHeartbeatAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "builds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Repository = table.Column<string>(type: "text", nullable: false),
                    Ref = table.Column<string>(type: "text", nullable: false),
                    DockerfilePath = table.Column<string>(type: "text", nullable: false),
                    ContextPath = table.Column<string>(type: "text", nullable: false),
                    Target = table.Column<string>(type: "text", nullable: true),
                    BuildArgs = table.Column<string>(type: "text", nullable: false),
                    Tags = table.Column<string>(type: "text", nullable: false),
                    NoCache = table.Column<bool>(type: "boolean", nullable: false),
                    Pull = table.Column<bool>(type: "boolean", nullable: false),
                    AgentId = table.Column<string>(type: "text", nullable: true),
                    Attempt = table.Column<int>(type: "integer", nullable: false),
                    QueuedAt = table.Column<long>(type: "bigint", nullable: false),
                    AssignedAt = table.Column<long>(type: "bigint", nullable: true),
                    StartedAt = table.Column<long>(type: "bigint", nullable: true),
                    FinishedAt = table.Column<long>(type: "bigint", nullable: true),
                    DurationMs = table.Column<long>(type: "bigint", nullable: true),
                    ImageId = table.Column<string>(type: "text", nullable: true),
                    ImageSizeBytes = table.Column<long>(type: "bigint", nullable: true),
                    StepsCached = table.Column<int>(type: "integer", nullable: false),
                    StepsTotal = table.Column<int>(type: "integer", nullable: false),
                    Error = table.Column<string>(type: "text", nullable: true),
                    FailedStep = table.Column<int>(type: "integer", nullable: true),
                    WaitingReason = table.Column<string>(type: "text", nullable: true),
                    PlacementReason = table.Column<string>(type: "text", nullable: true),
                    Dispatched = table.Column<bool>(type: "boolean", nullable: false),
                    DispatchError = table.Column<string>(type: "text", nullable: true),
                    CancelRequested = table.Column<bool>(type: "boolean", nullable: false),
                    Commit = table.Column<string>(type: "text", nullable: true),
                    PlanJson = table.Column<string>(type: "text", nullable: true),
                    CandidatesJson = table.Column<string>(type: "text", nullable: true),
                    PredictedCachedSteps = table.Column<int>(type: "integer", nullable: true),
                    PredictedKeysJson = table.Column<string>(type: "text", nullable: true),
                    PredictedSeconds = table.Column<double>(type: "double precision", nullable: true),
                    PredictionHits = table.Column<int>(type: "integer", nullable: true),
                    PredictionFalseHits = table.Column<int>(type: "integer", nullable: true),
                    PredictionMisses = table.Column<int>(type: "integer", nullable: true),
                    CheckJson = table.Column<string>(type: "text", nullable: true),
                    CheckResultJson = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_builds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "image_digests",
                columns: table => new
                {
                    Reference = table.Column<string>(type: "text", nullable: false),
                    Digest = table.Column<string>(type: "text", nullable: false),
                    FirstSeenAt = table.Column<long>(type: "bigint", nullable: false),
                    LastSeenAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_image_digests", x => new { x.Reference, x.Digest });
                });

            migrationBuilder.CreateTable(
                name: "build_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    BuildId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    Message = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_build_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_build_events_builds_BuildId",
                        column: x => x.BuildId,
                        principalTable: "builds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "build_steps",
                columns: table => new
                {
                    BuildId = table.Column<Guid>(type: "uuid", nullable: false),
                    Index = table.Column<int>(type: "integer", nullable: false),
                    Attempt = table.Column<int>(type: "integer", nullable: false),
                    Stage = table.Column<string>(type: "text", nullable: true),
                    Instruction = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Cached = table.Column<bool>(type: "boolean", nullable: false),
                    StartedAt = table.Column<long>(type: "bigint", nullable: false),
                    CompletedAt = table.Column<long>(type: "bigint", nullable: true),
                    DurationMs = table.Column<long>(type: "bigint", nullable: true),
                    Error = table.Column<string>(type: "text", nullable: true),
                    LogTail = table.Column<string>(type: "text", nullable: false),
                    Key = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_build_steps", x => new { x.BuildId, x.Index });
                    table.ForeignKey(
                        name: "FK_build_steps_builds_BuildId",
                        column: x => x.BuildId,
                        principalTable: "builds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_agent_cache_keys_Key",
                table: "agent_cache_keys",
                column: "Key");

            migrationBuilder.CreateIndex(
                name: "IX_build_events_BuildId",
                table: "build_events",
                column: "BuildId");

            migrationBuilder.CreateIndex(
                name: "IX_builds_AgentId",
                table: "builds",
                column: "AgentId");

            migrationBuilder.CreateIndex(
                name: "IX_builds_QueuedAt",
                table: "builds",
                column: "QueuedAt");

            migrationBuilder.CreateIndex(
                name: "IX_builds_Status",
                table: "builds",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agent_cache_keys");

            migrationBuilder.DropTable(
                name: "agents");

            migrationBuilder.DropTable(
                name: "build_events");

            migrationBuilder.DropTable(
                name: "build_steps");

            migrationBuilder.DropTable(
                name: "image_digests");

            migrationBuilder.DropTable(
                name: "builds");
        }
    }
}
