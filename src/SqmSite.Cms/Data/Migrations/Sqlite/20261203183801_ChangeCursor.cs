using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SqmSite.Cms.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ChangeCursor : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "cmsContentChangeCursor",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Position = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cmsContentChangeCursor", x => x.Name);
                });

            // Webhooks follow the change log from here on: what happened before was told by the notifications.
            migrationBuilder.Sql("""INSERT INTO "cmsContentChangeCursor" ("Name", "Position") SELECT 'webhooks', COALESCE(MAX("Id"), 0) FROM "cmsContentChange";""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cmsContentChangeCursor");
        }
    }
}
