using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SqmSite.Awards.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Gala : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "awGala",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CycleId = table.Column<int>(type: "integer", nullable: false),
                    StartsUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Venue = table.Column<string>(type: "character varying(800)", maxLength: 800, nullable: false),
                    Address = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    PublicDetails = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    Capacity = table.Column<int>(type: "integer", nullable: false),
                    RsvpDeadlineUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SeatsPerOrganization = table.Column<int>(type: "integer", nullable: false),
                    FinalistsInvited = table.Column<bool>(type: "boolean", nullable: false),
                    TableSize = table.Column<int>(type: "integer", nullable: false),
                    ReminderDays = table.Column<string>(type: "text", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_awGala", x => x.Id);
                    table.ForeignKey(
                        name: "FK_awGala_awCycle_CycleId",
                        column: x => x.CycleId,
                        principalTable: "awCycle",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "awGalaInvitation",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Key = table.Column<Guid>(type: "uuid", nullable: false),
                    GalaId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    OrganizationId = table.Column<int>(type: "integer", nullable: true),
                    GuestName = table.Column<string>(type: "character varying(800)", maxLength: 800, nullable: true),
                    GuestEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    GuestRole = table.Column<string>(type: "character varying(800)", maxLength: 800, nullable: true),
                    SeatsOverride = table.Column<int>(type: "integer", nullable: true),
                    TableNumber = table.Column<int>(type: "integer", nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RemindersSent = table.Column<string>(type: "text", nullable: false),
                    LastReminderUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    OfferTokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    OfferExpiresUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_awGalaInvitation", x => x.Id);
                    table.ForeignKey(
                        name: "FK_awGalaInvitation_awGala_GalaId",
                        column: x => x.GalaId,
                        principalTable: "awGala",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_awGalaInvitation_awOrganization_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "awOrganization",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "awGalaAttendee",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Key = table.Column<Guid>(type: "uuid", nullable: false),
                    GalaId = table.Column<int>(type: "integer", nullable: false),
                    InvitationId = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(800)", maxLength: 800, nullable: false),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    JobTitle = table.Column<string>(type: "character varying(800)", maxLength: 800, nullable: false),
                    Dietary = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Accessibility = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RespondedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    WaitingSinceUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    HoldUntilUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DoorCode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CheckedInUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CheckedInBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_awGalaAttendee", x => x.Id);
                    table.ForeignKey(
                        name: "FK_awGalaAttendee_awGalaInvitation_InvitationId",
                        column: x => x.InvitationId,
                        principalTable: "awGalaInvitation",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "awGalaLink",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    InvitationId = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_awGalaLink", x => x.Id);
                    table.ForeignKey(
                        name: "FK_awGalaLink_awGalaInvitation_InvitationId",
                        column: x => x.InvitationId,
                        principalTable: "awGalaInvitation",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_awGala_CycleId",
                table: "awGala",
                column: "CycleId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_awGalaAttendee_GalaId_DoorCode",
                table: "awGalaAttendee",
                columns: new[] { "GalaId", "DoorCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_awGalaAttendee_GalaId_Status",
                table: "awGalaAttendee",
                columns: new[] { "GalaId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_awGalaAttendee_InvitationId",
                table: "awGalaAttendee",
                column: "InvitationId");

            migrationBuilder.CreateIndex(
                name: "IX_awGalaAttendee_Key",
                table: "awGalaAttendee",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_awGalaInvitation_GalaId_OrganizationId",
                table: "awGalaInvitation",
                columns: new[] { "GalaId", "OrganizationId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_awGalaInvitation_Key",
                table: "awGalaInvitation",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_awGalaInvitation_OfferTokenHash",
                table: "awGalaInvitation",
                column: "OfferTokenHash");

            migrationBuilder.CreateIndex(
                name: "IX_awGalaInvitation_OrganizationId",
                table: "awGalaInvitation",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_awGalaLink_InvitationId",
                table: "awGalaLink",
                column: "InvitationId");

            migrationBuilder.CreateIndex(
                name: "IX_awGalaLink_TokenHash",
                table: "awGalaLink",
                column: "TokenHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "awGalaAttendee");

            migrationBuilder.DropTable(
                name: "awGalaLink");

            migrationBuilder.DropTable(
                name: "awGalaInvitation");

            migrationBuilder.DropTable(
                name: "awGala");
        }
    }
}
