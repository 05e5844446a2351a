using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BuildFarm.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InsightsColumns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "MissCause",
                table: "builds",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MissJson",
                table: "builds",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Release",
                table: "builds",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "SavedMs",
                table: "build_steps",
                type: "bigint",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MissCause",
                table: "builds");

            migrationBuilder.DropColumn(
                name: "MissJson",
                table: "builds");

            migrationBuilder.DropColumn(
                name: "Release",
                table: "builds");

            migrationBuilder.DropColumn(
                name: "SavedMs",
                table: "build_steps");
        }
    }
}
