using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SurveyPlatform.Web.Data.Migrations;

/// <summary>
/// Benchmarks per dimension: each respondent row also stores its percentile rank for every dimension,
/// within its segment and among all respondents (JSON arrays in the model's dimension order, like
/// Dimensions). Rows of earlier runs keep null there.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261201000010_DimensionBenchmarks")]
public sealed class DimensionBenchmarks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.AddColumn<string>(name: "DimensionPercentilesInSegment", table: "RespondentScores", nullable: true);
        migrationBuilder.AddColumn<string>(name: "DimensionPercentilesOverall", table: "RespondentScores", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropColumn(name: "DimensionPercentilesOverall", table: "RespondentScores");
        migrationBuilder.DropColumn(name: "DimensionPercentilesInSegment", table: "RespondentScores");
    }
}
