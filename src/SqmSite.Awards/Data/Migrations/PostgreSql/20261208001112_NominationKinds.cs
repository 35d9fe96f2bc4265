using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SqmSite.Awards.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class NominationKinds : Migration
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

            migrationBuilder.CreateTable(
                name: "awOutsideNomination",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Key = table.Column<Guid>(type: "uuid", nullable: false),
                    CycleId = table.Column<int>(type: "integer", nullable: false),
                    CategoryKey = table.Column<Guid>(type: "uuid", nullable: false),
                    CategoryName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    NominatorName = table.Column<string>(type: "character varying(800)", maxLength: 800, nullable: false),
                    NominatorEmail = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    Relationship = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    OrganizationName = table.Column<string>(type: "character varying(800)", maxLength: 800, nullable: false),
                    SubjectName = table.Column<string>(type: "character varying(800)", maxLength: 800, nullable: true),
                    ContactEmail = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    Reason = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    CandidateKey = table.Column<string>(type: "character varying(1601)", maxLength: 1601, nullable: false),
                    State = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ConfirmTokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ConfirmedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    InviteTokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    InvitedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RefusalReason = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    MergedIntoId = table.Column<int>(type: "integer", nullable: true),
                    NominationId = table.Column<int>(type: "integer", nullable: true),
                    ScreenedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ClosedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_awOutsideNomination", x => x.Id);
                    table.ForeignKey(
                        name: "FK_awOutsideNomination_awCycle_CycleId",
                        column: x => x.CycleId,
                        principalTable: "awCycle",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_awOutsideNomination_awNomination_NominationId",
                        column: x => x.NominationId,
                        principalTable: "awNomination",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_awOutsideNomination_awOutsideNomination_MergedIntoId",
                        column: x => x.MergedIntoId,
                        principalTable: "awOutsideNomination",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_awNomination_OrganizationId_CycleId_CategoryKey_SubjectKey",
                table: "awNomination",
                columns: new[] { "OrganizationId", "CycleId", "CategoryKey", "SubjectKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_awOutsideNomination_ConfirmTokenHash",
                table: "awOutsideNomination",
                column: "ConfirmTokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_awOutsideNomination_CycleId_CategoryKey_CandidateKey",
                table: "awOutsideNomination",
                columns: new[] { "CycleId", "CategoryKey", "CandidateKey" });

            migrationBuilder.CreateIndex(
                name: "IX_awOutsideNomination_InviteTokenHash",
                table: "awOutsideNomination",
                column: "InviteTokenHash");

            migrationBuilder.CreateIndex(
                name: "IX_awOutsideNomination_Key",
                table: "awOutsideNomination",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_awOutsideNomination_MergedIntoId",
                table: "awOutsideNomination",
                column: "MergedIntoId");

            migrationBuilder.CreateIndex(
                name: "IX_awOutsideNomination_NominationId",
                table: "awOutsideNomination",
                column: "NominationId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "awOutsideNomination");

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
