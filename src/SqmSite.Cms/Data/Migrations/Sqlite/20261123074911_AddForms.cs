using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SqmSite.Cms.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddForms : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "cmsForm",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<Guid>(type: "TEXT", nullable: false),
                    Alias = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Definition = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cmsForm", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "cmsFormEntry",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<Guid>(type: "TEXT", nullable: false),
                    FormId = table.Column<int>(type: "INTEGER", nullable: false),
                    OwnerUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ResumeTokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    SubmissionKey = table.Column<Guid>(type: "TEXT", nullable: true),
                    Values = table.Column<string>(type: "TEXT", nullable: false),
                    SearchText = table.Column<string>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CurrentPage = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SubmittedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cmsFormEntry", x => x.Id);
                    table.ForeignKey(
                        name: "FK_cmsFormEntry_cmsForm_FormId",
                        column: x => x.FormId,
                        principalTable: "cmsForm",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_cmsForm_Alias",
                table: "cmsForm",
                column: "Alias",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cmsForm_Key",
                table: "cmsForm",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cmsFormEntry_FormId_OwnerUserId",
                table: "cmsFormEntry",
                columns: new[] { "FormId", "OwnerUserId" });

            migrationBuilder.CreateIndex(
                name: "IX_cmsFormEntry_FormId_State_UpdatedUtc",
                table: "cmsFormEntry",
                columns: new[] { "FormId", "State", "UpdatedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_cmsFormEntry_FormId_SubmissionKey",
                table: "cmsFormEntry",
                columns: new[] { "FormId", "SubmissionKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cmsFormEntry_Key",
                table: "cmsFormEntry",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cmsFormEntry_ResumeTokenHash",
                table: "cmsFormEntry",
                column: "ResumeTokenHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cmsFormEntry");

            migrationBuilder.DropTable(
                name: "cmsForm");
        }
    }
}
