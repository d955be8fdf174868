using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SurveyPlatform.Web.Data.Migrations;

/// <summary>
/// Settings an Administrator changes in the app (the first: require two-factor authentication for
/// Administrators and survey owners). Two-factor data itself lives in Identity's AspNetUserTokens:
/// the authenticator key, and only PBKDF2 hashes of the recovery codes.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261205000019_TwoFactor")]
public sealed class TwoFactor : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.CreateTable(
            name: "AppSettings",
            columns: table => new
            {
                Name = table.Column<string>(maxLength: 100, nullable: false),
                Value = table.Column<string>(maxLength: 400, nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_AppSettings", x => x.Name));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable(name: "AppSettings");
    }
}
