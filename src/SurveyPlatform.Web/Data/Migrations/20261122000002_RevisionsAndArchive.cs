using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SurveyPlatform.Web.Data.Migrations;

/// <summary>Editing an open survey into its next version, and archiving surveys.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122000002_RevisionsAndArchive")]
public sealed class RevisionsAndArchive : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.AddColumn<bool>(name: "IsRevising", table: "Surveys", nullable: false, defaultValue: false);
        migrationBuilder.AddColumn<DateTime>(name: "ArchivedAt", table: "Surveys", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropColumn(name: "ArchivedAt", table: "Surveys");
        migrationBuilder.DropColumn(name: "IsRevising", table: "Surveys");
    }
}
