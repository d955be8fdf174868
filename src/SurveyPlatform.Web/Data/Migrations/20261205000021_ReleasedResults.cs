using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SurveyPlatform.Web.Data.Migrations;

/// <summary>
/// Released results: when a scoring run's results were released (by the owner, or by sending respondent reports
/// from it) and by whom. Existing runs are unreleased, so every closed survey can still be reopened.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261205000021_ReleasedResults")]
public sealed class ReleasedResults : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.AddColumn<DateTime>(name: "ReleasedAt", table: "ScoringRuns", nullable: true);
        migrationBuilder.AddColumn<string>(name: "ReleasedBy", table: "ScoringRuns", maxLength: 256, nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropColumn(name: "ReleasedBy", table: "ScoringRuns");
        migrationBuilder.DropColumn(name: "ReleasedAt", table: "ScoringRuns");
    }
}
