using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SqmSite.Awards.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Winners : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "awWinnerConsent",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Key = table.Column<Guid>(type: "uuid", nullable: false),
                    NominationId = table.Column<int>(type: "integer", nullable: false),
                    OrganizationId = table.Column<int>(type: "integer", nullable: false),
                    Method = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SignerName = table.Column<string>(type: "character varying(800)", maxLength: 800, nullable: false),
                    SignerJobTitle = table.Column<string>(type: "character varying(800)", maxLength: 800, nullable: false),
                    Channels = table.Column<int>(type: "integer", nullable: false),
                    TermsKey = table.Column<Guid>(type: "uuid", nullable: false),
                    TermsVersion = table.Column<int>(type: "integer", nullable: false),
                    SignedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    RecordedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    PaperFileKey = table.Column<Guid>(type: "uuid", nullable: true),
                    WithdrawnUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    WithdrawalReason = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    WithdrawalRecordedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    WithdrawalRecordedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_awWinnerConsent", x => x.Id);
                    table.ForeignKey(
                        name: "FK_awWinnerConsent_awNomination_NominationId",
                        column: x => x.NominationId,
                        principalTable: "awNomination",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "awWinnerStory",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    NominationId = table.Column<int>(type: "integer", nullable: false),
                    ContentKey = table.Column<Guid>(type: "uuid", nullable: false),
                    LogoMediaKey = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_awWinnerStory", x => x.Id);
                    table.ForeignKey(
                        name: "FK_awWinnerStory_awNomination_NominationId",
                        column: x => x.NominationId,
                        principalTable: "awNomination",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_awWinnerConsent_Key",
                table: "awWinnerConsent",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_awWinnerConsent_NominationId",
                table: "awWinnerConsent",
                column: "NominationId");

            migrationBuilder.CreateIndex(
                name: "IX_awWinnerConsent_OrganizationId",
                table: "awWinnerConsent",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_awWinnerStory_ContentKey",
                table: "awWinnerStory",
                column: "ContentKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_awWinnerStory_NominationId",
                table: "awWinnerStory",
                column: "NominationId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "awWinnerConsent");

            migrationBuilder.DropTable(
                name: "awWinnerStory");
        }
    }
}
