using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SurveyPlatform.Web.Data.Migrations;

/// <summary>
/// Retention per survey: what happens to the responses and participant data some days after the
/// close (None for every existing survey), and the last retention run that changed something.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261205000018_Retention")]
public sealed class Retention : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.AddColumn<string>(name: "RetentionAction", table: "Surveys", maxLength: 16, nullable: false, defaultValue: "None");
        migrationBuilder.AddColumn<int>(name: "RetentionDays", table: "Surveys", nullable: true);
        migrationBuilder.AddColumn<DateTime>(name: "RetentionLastRunAt", table: "Surveys", nullable: true);
        migrationBuilder.AddColumn<string>(name: "RetentionLastResult", table: "Surveys", maxLength: 300, nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropColumn(name: "RetentionLastResult", table: "Surveys");
        migrationBuilder.DropColumn(name: "RetentionLastRunAt", table: "Surveys");
        migrationBuilder.DropColumn(name: "RetentionDays", table: "Surveys");
        migrationBuilder.DropColumn(name: "RetentionAction", table: "Surveys");
    }
}
