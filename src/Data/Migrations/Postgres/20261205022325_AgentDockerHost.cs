using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BuildFarm.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AgentDockerHost : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DockerHost",
                table: "agents",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DockerHost",
                table: "agents");
        }
    }
}
