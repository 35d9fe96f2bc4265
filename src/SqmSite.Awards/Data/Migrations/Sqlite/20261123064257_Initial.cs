using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SqmSite.Awards.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "awCycle",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstRatingsYear = table.Column<int>(type: "INTEGER", nullable: false),
                    TimeZoneId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Dates_ApplicationsOpenUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Dates_ApplicationsCloseUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Dates_ChecklistDueUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Dates_InterviewsStartUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Dates_InterviewsEndUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Dates_FinalistsNotifiedByUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Dates_StoriesDueUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Dates_WinnersAnnouncedByUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Dates_GalaStartUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Dates_GalaEndUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CategoryKeys = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_awCycle", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "awOrganization",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<Guid>(type: "TEXT", nullable: false),
                    OfficialName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Website = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    IsClient = table.Column<bool>(type: "INTEGER", nullable: false),
                    LogoMediaKey = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_awOrganization", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "awNomination",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<int>(type: "INTEGER", nullable: false),
                    CycleId = table.Column<int>(type: "INTEGER", nullable: false),
                    CategoryKey = table.Column<Guid>(type: "TEXT", nullable: false),
                    CategoryName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Overview = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    IsResubmission = table.Column<bool>(type: "INTEGER", nullable: false),
                    AppliedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DeadlineExtendedUntilUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ChecklistEntryKey = table.Column<Guid>(type: "TEXT", nullable: true),
                    ChecklistSubmittedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EligibilityReason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    InterviewUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Interviewer = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    InterviewNotes = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    DecisionReleasedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    StoryText = table.Column<string>(type: "TEXT", nullable: false),
                    StoryPeople = table.Column<string>(type: "TEXT", nullable: false),
                    StoryProcess = table.Column<string>(type: "TEXT", nullable: false),
                    StoryTechnology = table.Column<string>(type: "TEXT", nullable: false),
                    StoryRatings = table.Column<string>(type: "TEXT", nullable: false),
                    StoryAttachments = table.Column<string>(type: "TEXT", nullable: false),
                    StoryLastSavedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    StorySubmittedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_awNomination", x => x.Id);
                    table.ForeignKey(
                        name: "FK_awNomination_awCycle_CycleId",
                        column: x => x.CycleId,
                        principalTable: "awCycle",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_awNomination_awOrganization_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "awOrganization",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "awOrganizationMember",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganizationId = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    IsPrimaryContact = table.Column<bool>(type: "INTEGER", nullable: false),
                    JoinedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_awOrganizationMember", x => x.Id);
                    table.ForeignKey(
                        name: "FK_awOrganizationMember_awOrganization_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "awOrganization",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "awNominationEvent",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    From = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    To = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    NominationId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_awNominationEvent", x => x.Id);
                    table.ForeignKey(
                        name: "FK_awNominationEvent_awNomination_NominationId",
                        column: x => x.NominationId,
                        principalTable: "awNomination",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_awCycle_Key",
                table: "awCycle",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_awCycle_Year",
                table: "awCycle",
                column: "Year",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_awNomination_CycleId_State",
                table: "awNomination",
                columns: new[] { "CycleId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_awNomination_Key",
                table: "awNomination",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_awNomination_OrganizationId_CycleId_CategoryKey",
                table: "awNomination",
                columns: new[] { "OrganizationId", "CycleId", "CategoryKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_awNominationEvent_NominationId",
                table: "awNominationEvent",
                column: "NominationId");

            migrationBuilder.CreateIndex(
                name: "IX_awOrganization_Key",
                table: "awOrganization",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_awOrganizationMember_OrganizationId",
                table: "awOrganizationMember",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_awOrganizationMember_UserId",
                table: "awOrganizationMember",
                column: "UserId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "awNominationEvent");

            migrationBuilder.DropTable(
                name: "awOrganizationMember");

            migrationBuilder.DropTable(
                name: "awNomination");

            migrationBuilder.DropTable(
                name: "awCycle");

            migrationBuilder.DropTable(
                name: "awOrganization");
        }
    }
}
