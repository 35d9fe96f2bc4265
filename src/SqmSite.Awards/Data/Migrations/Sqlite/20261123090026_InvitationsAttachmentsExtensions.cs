using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SqmSite.Awards.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InvitationsAttachmentsExtensions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // SQLite drops a plain column itself (3.35+). EF's DropColumn rebuilds the table instead, which needs
            // "PRAGMA foreign_keys = 0" outside the migration's transaction and made the first start print a warning
            // about a migration that might be left half applied. The column has no index, key or constraint.
            migrationBuilder.Sql("ALTER TABLE \"awNomination\" DROP COLUMN \"StoryAttachments\";");

            migrationBuilder.AddColumn<string>(
                name: "DeadlineExtensionReason",
                table: "awNomination",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "awOrganizationInvitation",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<int>(type: "INTEGER", nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    NormalizedEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    InvitedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AcceptedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AcceptedUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    RevokedUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_awOrganizationInvitation", x => x.Id);
                    table.ForeignKey(
                        name: "FK_awOrganizationInvitation_awOrganization_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "awOrganization",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "awStoryAttachment",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    NominationId = table.Column<int>(type: "INTEGER", nullable: false),
                    MediaKey = table.Column<Guid>(type: "TEXT", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Bytes = table.Column<long>(type: "INTEGER", nullable: false),
                    IsImage = table.Column<bool>(type: "INTEGER", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    UploadedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    UploadedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_awStoryAttachment", x => x.Id);
                    table.ForeignKey(
                        name: "FK_awStoryAttachment_awNomination_NominationId",
                        column: x => x.NominationId,
                        principalTable: "awNomination",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_awOrganizationInvitation_Key",
                table: "awOrganizationInvitation",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_awOrganizationInvitation_OrganizationId_NormalizedEmail",
                table: "awOrganizationInvitation",
                columns: new[] { "OrganizationId", "NormalizedEmail" },
                unique: true,
                filter: "\"AcceptedUtc\" IS NULL AND \"RevokedUtc\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_awOrganizationInvitation_TokenHash",
                table: "awOrganizationInvitation",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_awStoryAttachment_MediaKey",
                table: "awStoryAttachment",
                column: "MediaKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_awStoryAttachment_NominationId",
                table: "awStoryAttachment",
                column: "NominationId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "awOrganizationInvitation");

            migrationBuilder.DropTable(
                name: "awStoryAttachment");

            migrationBuilder.DropColumn(
                name: "DeadlineExtensionReason",
                table: "awNomination");

            migrationBuilder.AddColumn<string>(
                name: "StoryAttachments",
                table: "awNomination",
                type: "TEXT",
                nullable: false,
                defaultValue: "");
        }
    }
}
