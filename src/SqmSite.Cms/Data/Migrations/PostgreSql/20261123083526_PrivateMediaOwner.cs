using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SqmSite.Cms.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class PrivateMediaOwner : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Owner",
                table: "cmsMediaItem",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_cmsMediaItem_Owner",
                table: "cmsMediaItem",
                column: "Owner");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_cmsMediaItem_Owner",
                table: "cmsMediaItem");

            migrationBuilder.DropColumn(
                name: "Owner",
                table: "cmsMediaItem");
        }
    }
}
