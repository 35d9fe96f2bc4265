using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SqmSite.Awards.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class DeadlineExtensionReason : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DeadlineExtensionReason",
                table: "awNomination",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DeadlineExtensionReason",
                table: "awNomination");
        }
    }
}
