using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SqmSite.Awards.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Certification : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CertificateNumber",
                table: "awNomination",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "awCertificationStandard",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AreaKey = table.Column<Guid>(type: "TEXT", nullable: false),
                    AreaName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Criteria = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_awCertificationStandard", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "awCertificationAssessment",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PreviousAssessmentId = table.Column<int>(type: "INTEGER", nullable: true),
                    OrganizationId = table.Column<int>(type: "INTEGER", nullable: false),
                    AreaKey = table.Column<Guid>(type: "TEXT", nullable: false),
                    AreaName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    StandardId = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    RequestedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ConsultantEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    OnsiteDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    OnsiteScores = table.Column<string>(type: "TEXT", nullable: false),
                    OnsiteNotes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Evidence = table.Column<string>(type: "TEXT", nullable: false),
                    OnsiteScore = table.Column<decimal>(type: "TEXT", precision: 5, scale: 1, nullable: true),
                    Survey = table.Column<string>(type: "TEXT", nullable: true),
                    Decision = table.Column<string>(type: "TEXT", nullable: true),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_awCertificationAssessment", x => x.Id);
                    table.ForeignKey(
                        name: "FK_awCertificationAssessment_awCertificationStandard_StandardId",
                        column: x => x.StandardId,
                        principalTable: "awCertificationStandard",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_awCertificationAssessment_awOrganization_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "awOrganization",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "awCertificate",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    AssessmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    OrganizationId = table.Column<int>(type: "INTEGER", nullable: false),
                    OrganizationName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AreaKey = table.Column<Guid>(type: "TEXT", nullable: false),
                    AreaName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    IssuedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ExpiresOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StatusReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Listed = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_awCertificate", x => x.Id);
                    table.ForeignKey(
                        name: "FK_awCertificate_awCertificationAssessment_AssessmentId",
                        column: x => x.AssessmentId,
                        principalTable: "awCertificationAssessment",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_awCertificate_awOrganization_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "awOrganization",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_awCertificate_AssessmentId",
                table: "awCertificate",
                column: "AssessmentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_awCertificate_Number",
                table: "awCertificate",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_awCertificate_OrganizationId",
                table: "awCertificate",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_awCertificationAssessment_Key",
                table: "awCertificationAssessment",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_awCertificationAssessment_OrganizationId",
                table: "awCertificationAssessment",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_awCertificationAssessment_StandardId",
                table: "awCertificationAssessment",
                column: "StandardId");

            migrationBuilder.CreateIndex(
                name: "IX_awCertificationStandard_AreaKey_Version",
                table: "awCertificationStandard",
                columns: new[] { "AreaKey", "Version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "awCertificate");

            migrationBuilder.DropTable(
                name: "awCertificationAssessment");

            migrationBuilder.DropTable(
                name: "awCertificationStandard");

            migrationBuilder.DropColumn(
                name: "CertificateNumber",
                table: "awNomination");
        }
    }
}
