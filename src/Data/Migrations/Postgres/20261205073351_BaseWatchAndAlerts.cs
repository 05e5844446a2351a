using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BuildFarm.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class BaseWatchAndAlerts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "alerts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    RaisedAt = table.Column<long>(type: "bigint", nullable: false),
                    Title = table.Column<string>(type: "text", nullable: false),
                    Detail = table.Column<string>(type: "text", nullable: false),
                    LikelyCause = table.Column<string>(type: "text", nullable: true),
                    BuildId = table.Column<Guid>(type: "uuid", nullable: true),
                    Reference = table.Column<string>(type: "text", nullable: true),
                    ReadAt = table.Column<long>(type: "bigint", nullable: true),
                    DeliveredAt = table.Column<long>(type: "bigint", nullable: true),
                    DeliveryAttempts = table.Column<int>(type: "integer", nullable: false),
                    NextDeliveryAt = table.Column<long>(type: "bigint", nullable: true),
                    DeliveryError = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alerts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "base_checks",
                columns: table => new
                {
                    Reference = table.Column<string>(type: "text", nullable: false),
                    CheckedAt = table.Column<long>(type: "bigint", nullable: false),
                    Error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_base_checks", x => x.Reference);
                });

            migrationBuilder.CreateTable(
                name: "build_bases",
                columns: table => new
                {
                    BuildId = table.Column<Guid>(type: "uuid", nullable: false),
                    Reference = table.Column<string>(type: "text", nullable: false),
                    Digest = table.Column<string>(type: "text", nullable: false)
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
                name: "IX_alerts_DeliveredAt",
                table: "alerts",
                column: "DeliveredAt");

            migrationBuilder.CreateIndex(
                name: "IX_alerts_Key",
                table: "alerts",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_alerts_RaisedAt",
                table: "alerts",
                column: "RaisedAt");

            migrationBuilder.CreateIndex(
                name: "IX_alerts_ReadAt",
                table: "alerts",
                column: "ReadAt");

            migrationBuilder.CreateIndex(
                name: "IX_build_bases_Reference_Digest",
                table: "build_bases",
                columns: new[] { "Reference", "Digest" });

            // Backfill: a plan keeps each FROM step's platform digest, which is the tag digest for a single-platform
            // image. Where exactly one tag in the history has that digest, the build used that tag at that digest;
            // multi-platform bases (index digest != platform digest) and ambiguous digests are left out, not guessed.
            migrationBuilder.Sql("""
                INSERT INTO build_bases ("BuildId", "Reference", "Digest")
                SELECT DISTINCT b."Id", d."Reference", d."Digest"
                FROM builds b
                CROSS JOIN LATERAL jsonb_array_elements(b."PlanJson"::jsonb -> 'steps') s
                JOIN image_digests d ON d."Digest" = s ->> 'baseDigest'
                WHERE b."PlanJson" IS NOT NULL
                  AND (SELECT COUNT(*) FROM image_digests d2 WHERE d2."Digest" = d."Digest") = 1
                ON CONFLICT DO NOTHING;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "alerts");

            migrationBuilder.DropTable(
                name: "base_checks");

            migrationBuilder.DropTable(
                name: "build_bases");
        }
    }
}
