using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BuildFarm.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AgentAdmission : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Admission",
                table: "agents",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "approved");

            migrationBuilder.CreateTable(
                name: "join_tokens",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastUsedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_join_tokens", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_join_tokens_Hash",
                table: "join_tokens",
                column: "Hash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "join_tokens");

            migrationBuilder.DropColumn(
                name: "Admission",
                table: "agents");
        }
    }
}
