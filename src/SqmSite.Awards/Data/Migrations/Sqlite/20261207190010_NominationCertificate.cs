using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SqmSite.Awards.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class NominationCertificate : Migration
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CertificateNumber",
                table: "awNomination");
        }
    }
}
