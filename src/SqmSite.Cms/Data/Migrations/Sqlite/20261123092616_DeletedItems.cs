using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SqmSite.Cms.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DeletedItems : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "cmsDeletedItem",
                columns: table => new
                {
                    Key = table.Column<Guid>(type: "TEXT", nullable: false),
                    DeletedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cmsDeletedItem", x => x.Key);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cmsDeletedItem");
        }
    }
}
