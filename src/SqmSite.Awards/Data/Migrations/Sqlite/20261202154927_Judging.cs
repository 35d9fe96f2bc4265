using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SqmSite.Awards.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Judging : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "AwardedUtc",
                table: "awNomination",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OnsiteVisitBy",
                table: "awNomination",
                type: "TEXT",
                maxLength: 800,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "OnsiteVisitDate",
                table: "awNomination",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OnsiteVisitNotes",
                table: "awNomination",
                type: "TEXT",
                maxLength: 16000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "awJudge",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Employer = table.Column<string>(type: "TEXT", maxLength: 800, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    NeverJudge = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_awJudge", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "awJudgeInvitation",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<Guid>(type: "TEXT", nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    NormalizedEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Employer = table.Column<string>(type: "TEXT", maxLength: 800, nullable: false),
                    InvitedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AcceptedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RevokedUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_awJudgeInvitation", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "awJudgingSetup",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CycleId = table.Column<int>(type: "INTEGER", nullable: false),
                    BlindJudging = table.Column<bool>(type: "INTEGER", nullable: false),
                    EntrantFeedback = table.Column<bool>(type: "INTEGER", nullable: false),
                    LockedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Criteria = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_awJudgingSetup", x => x.Id);
                    table.ForeignKey(
                        name: "FK_awJudgingSetup_awCycle_CycleId",
                        column: x => x.CycleId,
                        principalTable: "awCycle",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "awWinnerDecision",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CycleId = table.Column<int>(type: "INTEGER", nullable: false),
                    CategoryKey = table.Column<Guid>(type: "TEXT", nullable: false),
                    NominationId = table.Column<int>(type: "INTEGER", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    DecidedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AnnouncedUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_awWinnerDecision", x => x.Id);
                    table.ForeignKey(
                        name: "FK_awWinnerDecision_awCycle_CycleId",
                        column: x => x.CycleId,
                        principalTable: "awCycle",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_awWinnerDecision_awNomination_NominationId",
                        column: x => x.NominationId,
                        principalTable: "awNomination",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "awPanel",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<Guid>(type: "TEXT", nullable: false),
                    CycleId = table.Column<int>(type: "INTEGER", nullable: false),
                    CategoryKey = table.Column<Guid>(type: "TEXT", nullable: false),
                    CategoryName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    LeadJudgeId = table.Column<int>(type: "INTEGER", nullable: true),
                    JudgesPerEntry = table.Column<int>(type: "INTEGER", nullable: false),
                    JudgeIds = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_awPanel", x => x.Id);
                    table.ForeignKey(
                        name: "FK_awPanel_awCycle_CycleId",
                        column: x => x.CycleId,
                        principalTable: "awCycle",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_awPanel_awJudge_LeadJudgeId",
                        column: x => x.LeadJudgeId,
                        principalTable: "awJudge",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "awJudgeAssignment",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<Guid>(type: "TEXT", nullable: false),
                    PanelId = table.Column<int>(type: "INTEGER", nullable: false),
                    NominationId = table.Column<int>(type: "INTEGER", nullable: false),
                    JudgeId = table.Column<int>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AssignedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    AssignedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ConflictDeclaredUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ConflictReason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_awJudgeAssignment", x => x.Id);
                    table.ForeignKey(
                        name: "FK_awJudgeAssignment_awJudge_JudgeId",
                        column: x => x.JudgeId,
                        principalTable: "awJudge",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_awJudgeAssignment_awNomination_NominationId",
                        column: x => x.NominationId,
                        principalTable: "awNomination",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_awJudgeAssignment_awPanel_PanelId",
                        column: x => x.PanelId,
                        principalTable: "awPanel",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "awScoreSheet",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AssignmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SubmittedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    Scores = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_awScoreSheet", x => x.Id);
                    table.ForeignKey(
                        name: "FK_awScoreSheet_awJudgeAssignment_AssignmentId",
                        column: x => x.AssignmentId,
                        principalTable: "awJudgeAssignment",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "awScoreChange",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CriterionKey = table.Column<Guid>(type: "TEXT", nullable: true),
                    OldScore = table.Column<int>(type: "INTEGER", nullable: true),
                    NewScore = table.Column<int>(type: "INTEGER", nullable: true),
                    OldComment = table.Column<string>(type: "TEXT", maxLength: 16000, nullable: true),
                    NewComment = table.Column<string>(type: "TEXT", maxLength: 16000, nullable: true),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ScoreSheetId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_awScoreChange", x => x.Id);
                    table.ForeignKey(
                        name: "FK_awScoreChange_awScoreSheet_ScoreSheetId",
                        column: x => x.ScoreSheetId,
                        principalTable: "awScoreSheet",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_awJudge_Key",
                table: "awJudge",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_awJudge_UserId",
                table: "awJudge",
                column: "UserId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_awJudgeAssignment_JudgeId",
                table: "awJudgeAssignment",
                column: "JudgeId");

            migrationBuilder.CreateIndex(
                name: "IX_awJudgeAssignment_Key",
                table: "awJudgeAssignment",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_awJudgeAssignment_NominationId_JudgeId",
                table: "awJudgeAssignment",
                columns: new[] { "NominationId", "JudgeId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_awJudgeAssignment_PanelId",
                table: "awJudgeAssignment",
                column: "PanelId");

            migrationBuilder.CreateIndex(
                name: "IX_awJudgeInvitation_Key",
                table: "awJudgeInvitation",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_awJudgeInvitation_NormalizedEmail",
                table: "awJudgeInvitation",
                column: "NormalizedEmail",
                unique: true,
                filter: "\"AcceptedUtc\" IS NULL AND \"RevokedUtc\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_awJudgeInvitation_TokenHash",
                table: "awJudgeInvitation",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_awJudgingSetup_CycleId",
                table: "awJudgingSetup",
                column: "CycleId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_awPanel_CycleId_CategoryKey",
                table: "awPanel",
                columns: new[] { "CycleId", "CategoryKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_awPanel_Key",
                table: "awPanel",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_awPanel_LeadJudgeId",
                table: "awPanel",
                column: "LeadJudgeId");

            migrationBuilder.CreateIndex(
                name: "IX_awScoreChange_ScoreSheetId",
                table: "awScoreChange",
                column: "ScoreSheetId");

            migrationBuilder.CreateIndex(
                name: "IX_awScoreSheet_AssignmentId",
                table: "awScoreSheet",
                column: "AssignmentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_awWinnerDecision_CycleId_CategoryKey",
                table: "awWinnerDecision",
                columns: new[] { "CycleId", "CategoryKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_awWinnerDecision_NominationId",
                table: "awWinnerDecision",
                column: "NominationId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "awJudgeInvitation");

            migrationBuilder.DropTable(
                name: "awJudgingSetup");

            migrationBuilder.DropTable(
                name: "awScoreChange");

            migrationBuilder.DropTable(
                name: "awWinnerDecision");

            migrationBuilder.DropTable(
                name: "awScoreSheet");

            migrationBuilder.DropTable(
                name: "awJudgeAssignment");

            migrationBuilder.DropTable(
                name: "awPanel");

            migrationBuilder.DropTable(
                name: "awJudge");

            migrationBuilder.DropColumn(
                name: "AwardedUtc",
                table: "awNomination");

            migrationBuilder.DropColumn(
                name: "OnsiteVisitBy",
                table: "awNomination");

            migrationBuilder.DropColumn(
                name: "OnsiteVisitDate",
                table: "awNomination");

            migrationBuilder.DropColumn(
                name: "OnsiteVisitNotes",
                table: "awNomination");
        }
    }
}
