using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SqmSite.Awards.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class CategoryKinds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_awNomination_OrganizationId_CycleId_CategoryKey",
                table: "awNomination");

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "awNomination",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Practice");

            migrationBuilder.AddColumn<string>(
                name: "SubjectJobTitle",
                table: "awNomination",
                type: "character varying(800)",
                maxLength: 800,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SubjectKey",
                table: "awNomination",
                type: "character varying(800)",
                maxLength: 800,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SubjectName",
                table: "awNomination",
                type: "character varying(800)",
                maxLength: 800,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TeamMembers",
                table: "awNomination",
                type: "text",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.CreateIndex(
                name: "IX_awNomination_OrganizationId_CycleId_CategoryKey_SubjectKey",
                table: "awNomination",
                columns: new[] { "OrganizationId", "CycleId", "CategoryKey", "SubjectKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_awNomination_OrganizationId_CycleId_CategoryKey_SubjectKey",
                table: "awNomination");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "awNomination");

            migrationBuilder.DropColumn(
                name: "SubjectJobTitle",
                table: "awNomination");

            migrationBuilder.DropColumn(
                name: "SubjectKey",
                table: "awNomination");

            migrationBuilder.DropColumn(
                name: "SubjectName",
                table: "awNomination");

            migrationBuilder.DropColumn(
                name: "TeamMembers",
                table: "awNomination");

            migrationBuilder.CreateIndex(
                name: "IX_awNomination_OrganizationId_CycleId_CategoryKey",
                table: "awNomination",
                columns: new[] { "OrganizationId", "CycleId", "CategoryKey" },
                unique: true);
        }
    }
}
