using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SqmSite.Cms.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SiteInstances : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "cmsInstance",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    StartedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastSeenUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AppliedPosition = table.Column<long>(type: "INTEGER", nullable: false),
                    AppliedUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cmsInstance", x => x.Name);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cmsInstance");
        }
    }
}
