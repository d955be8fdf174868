using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SurveyPlatform.Web.Data.Migrations;

/// <summary>A share is a Researcher (reads results, the existing meaning) or an Editor (also edits the questionnaire).</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122000003_ShareRoles")]
public sealed class ShareRoles : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.AddColumn<string>(name: "Role", table: "SurveyShares", maxLength: 16, nullable: false, defaultValue: "Researcher");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropColumn(name: "Role", table: "SurveyShares");
    }
}
