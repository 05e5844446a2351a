using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BuildFarm.Data.Migrations.Sqlite
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
                    AgentId = table.Column<string>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agent_cache_keys", x => new { x.AgentId, x.Key });
                });

            migrationBuilder.CreateTable(
                name: "agents",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Labels = table.Column<string>(type: "TEXT", nullable: false),
                    Os = table.Column<string>(type: "TEXT", nullable: false),
                    Arch = table.Column<string>(type: "TEXT", nullable: false),
                    DockerVersion = table.Column<string>(type: "TEXT", nullable: true),
                    StorageDriver = table.Column<string>(type: "TEXT", nullable: true),
                    DockerError = table.Column<string>(type: "TEXT", nullable: true),
                    CacheBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    CacheBudgetBytes = table.Column<long>(type: "INTEGER", nullable: true),
                    CacheKeyCount = table.Column<int>(type: "INTEGER", nullable: false),
                    CacheKeysDropped = table.Column<long>(type: "INTEGER", nullable: false),
                    Capacity = table.Column<int>(type: "INTEGER", nullable: false),
                    RunningBuilds = table.Column<string>(type: "TEXT", nullable: false),
                    Gpus = table.Column<string>(type: "TEXT", nullable: false),
                    DriverVersion = table.Column<string>(type: "TEXT", nullable: true),
                    CudaVersion = table.Column<string>(type: "TEXT", nullable: true),
                    GpuError = table.Column<string>(type: "TEXT", nullable: true),
                    AgentVersion = table.Column<string>(type: "TEXT", nullable: false),
                    RegisteredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastHeartbeatAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "builds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Repository = table.Column<string>(type: "TEXT", nullable: false),
                    Ref = table.Column<string>(type: "TEXT", nullable: false),
                    DockerfilePath = table.Column<string>(type: "TEXT", nullable: false),
                    ContextPath = table.Column<string>(type: "TEXT", nullable: false),
                    Target = table.Column<string>(type: "TEXT", nullable: true),
                    BuildArgs = table.Column<string>(type: "TEXT", nullable: false),
                    Tags = table.Column<string>(type: "TEXT", nullable: false),
                    NoCache = table.Column<bool>(type: "INTEGER", nullable: false),
                    Pull = table.Column<bool>(type: "INTEGER", nullable: false),
                    AgentId = table.Column<string>(type: "TEXT", nullable: true),
                    Attempt = table.Column<int>(type: "INTEGER", nullable: false),
                    QueuedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AssignedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DurationMs = table.Column<long>(type: "INTEGER", nullable: true),
                    ImageId = table.Column<string>(type: "TEXT", nullable: true),
                    ImageSizeBytes = table.Column<long>(type: "INTEGER", nullable: true),
                    StepsCached = table.Column<int>(type: "INTEGER", nullable: false),
                    StepsTotal = table.Column<int>(type: "INTEGER", nullable: false),
                    Error = table.Column<string>(type: "TEXT", nullable: true),
                    FailedStep = table.Column<int>(type: "INTEGER", nullable: true),
                    WaitingReason = table.Column<string>(type: "TEXT", nullable: true),
                    PlacementReason = table.Column<string>(type: "TEXT", nullable: true),
                    Dispatched = table.Column<bool>(type: "INTEGER", nullable: false),
                    DispatchError = table.Column<string>(type: "TEXT", nullable: true),
                    CancelRequested = table.Column<bool>(type: "INTEGER", nullable: false),
                    Commit = table.Column<string>(type: "TEXT", nullable: true),
                    PlanJson = table.Column<string>(type: "TEXT", nullable: true),
                    CandidatesJson = table.Column<string>(type: "TEXT", nullable: true),
                    PredictedCachedSteps = table.Column<int>(type: "INTEGER", nullable: true),
                    PredictedKeysJson = table.Column<string>(type: "TEXT", nullable: true),
                    PredictedSeconds = table.Column<double>(type: "REAL", nullable: true),
                    PredictionHits = table.Column<int>(type: "INTEGER", nullable: true),
                    PredictionFalseHits = table.Column<int>(type: "INTEGER", nullable: true),
                    PredictionMisses = table.Column<int>(type: "INTEGER", nullable: true),
                    CheckJson = table.Column<string>(type: "TEXT", nullable: true),
                    CheckResultJson = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_builds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "image_digests",
                columns: table => new
                {
                    Reference = table.Column<string>(type: "TEXT", nullable: false),
                    Digest = table.Column<string>(type: "TEXT", nullable: false),
                    FirstSeenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastSeenAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_image_digests", x => new { x.Reference, x.Digest });
                });

            migrationBuilder.CreateTable(
                name: "build_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    BuildId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    Message = table.Column<string>(type: "TEXT", nullable: false)
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
                    BuildId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Index = table.Column<int>(type: "INTEGER", nullable: false),
                    Attempt = table.Column<int>(type: "INTEGER", nullable: false),
                    Stage = table.Column<string>(type: "TEXT", nullable: true),
                    Instruction = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Cached = table.Column<bool>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DurationMs = table.Column<long>(type: "INTEGER", nullable: true),
                    Error = table.Column<string>(type: "TEXT", nullable: true),
                    LogTail = table.Column<string>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", nullable: true)
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
