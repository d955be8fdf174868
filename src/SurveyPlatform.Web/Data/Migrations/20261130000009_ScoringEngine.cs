using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SurveyPlatform.Web.Data.Migrations;

/// <summary>
/// The scoring engine: versioned scoring models per survey; runs record their trigger, model version
/// and hash, seed, queue time and attempts; results are stored per run (one document) and per
/// respondent. The foundation's per-response scores move into the respondent table as overall scores.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261130000009_ScoringEngine")]
public sealed class ScoringEngine : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.AddColumn<string>(name: "Trigger", table: "ScoringRuns", maxLength: 32, nullable: false, defaultValue: "close");
        migrationBuilder.AddColumn<int>(name: "ModelVersion", table: "ScoringRuns", nullable: true);
        migrationBuilder.AddColumn<string>(name: "ModelHash", table: "ScoringRuns", maxLength: 64, nullable: true);
        migrationBuilder.AddColumn<long>(name: "Seed", table: "ScoringRuns", nullable: false, defaultValue: 0L);
        migrationBuilder.AddColumn<DateTime>(name: "QueuedAt", table: "ScoringRuns", nullable: true);
        migrationBuilder.AddColumn<int>(name: "Attempts", table: "ScoringRuns", nullable: false, defaultValue: 0);

        // SQL Server: bracketed names (a script may run with QUOTED_IDENTIFIER off), and EXEC because a
        // script runs the whole migration as one batch, compiled before the new columns exist.
        migrationBuilder.Sql(migrationBuilder.IsSqlServer()
            ? "EXEC(N'UPDATE [ScoringRuns] SET [QueuedAt] = [StartedAt], [Attempts] = 1');"
            : "UPDATE \"ScoringRuns\" SET \"QueuedAt\" = \"StartedAt\", \"Attempts\" = 1");

        migrationBuilder.CreateTable(
            name: "ScoringModels",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                SurveyId = table.Column<Guid>(nullable: false),
                Version = table.Column<int>(nullable: false),
                Json = table.Column<string>(nullable: false),
                Hash = table.Column<string>(maxLength: 64, nullable: false),
                SavedBy = table.Column<string>(maxLength: 256, nullable: true),
                SavedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ScoringModels", x => x.Id);
                table.ForeignKey("FK_ScoringModels_Surveys_SurveyId", x => x.SurveyId, "Surveys", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_ScoringModels_SurveyId_Version", "ScoringModels", new[] { "SurveyId", "Version" }, unique: true);

        migrationBuilder.CreateTable(
            name: "ScoringResults",
            columns: table => new
            {
                RunId = table.Column<Guid>(nullable: false),
                Json = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ScoringResults", x => x.RunId);
                table.ForeignKey("FK_ScoringResults_ScoringRuns_RunId", x => x.RunId, "ScoringRuns", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "RespondentScores",
            columns: table => new
            {
                RunId = table.Column<Guid>(nullable: false),
                ResponseId = table.Column<Guid>(nullable: false),
                Overall = table.Column<double>(nullable: true),
                Maturity = table.Column<string>(maxLength: 100, nullable: true),
                Segment = table.Column<string>(maxLength: 100, nullable: true),
                Dimensions = table.Column<string>(nullable: false),
                PercentileInSegment = table.Column<double>(nullable: true),
                PercentileOverall = table.Column<double>(nullable: true),
                MaturityStability = table.Column<double>(nullable: true),
                Weight = table.Column<double>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_RespondentScores", x => new { x.RunId, x.ResponseId });
                table.ForeignKey("FK_RespondentScores_Responses_ResponseId", x => x.ResponseId, "Responses", "Id", onDelete: ReferentialActions.CascadeUnlessSqlServer(migrationBuilder));
                table.ForeignKey("FK_RespondentScores_ScoringRuns_RunId", x => x.RunId, "ScoringRuns", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_RespondentScores_ResponseId", "RespondentScores", "ResponseId");

        migrationBuilder.Sql(migrationBuilder.IsSqlServer()
            ? "INSERT INTO [RespondentScores] ([RunId], [ResponseId], [Overall], [Dimensions]) " +
              "SELECT [RunId], [ResponseId], [Score], N'[]' FROM [ResponseScores];"
            : "INSERT INTO \"RespondentScores\" (\"RunId\", \"ResponseId\", \"Overall\", \"Dimensions\") " +
              "SELECT \"RunId\", \"ResponseId\", \"Score\", '[]' FROM \"ResponseScores\"");
        migrationBuilder.DropTable(name: "ResponseScores");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.CreateTable(
            name: "ResponseScores",
            columns: table => new
            {
                RunId = table.Column<Guid>(nullable: false),
                ResponseId = table.Column<Guid>(nullable: false),
                Score = table.Column<double>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ResponseScores", x => new { x.RunId, x.ResponseId });
                table.ForeignKey("FK_ResponseScores_Responses_ResponseId", x => x.ResponseId, "Responses", "Id", onDelete: ReferentialActions.CascadeUnlessSqlServer(migrationBuilder));
                table.ForeignKey("FK_ResponseScores_ScoringRuns_RunId", x => x.RunId, "ScoringRuns", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_ResponseScores_ResponseId", "ResponseScores", "ResponseId");
        migrationBuilder.Sql(migrationBuilder.IsSqlServer()
            ? "INSERT INTO [ResponseScores] ([RunId], [ResponseId], [Score]) " +
              "SELECT [RunId], [ResponseId], [Overall] FROM [RespondentScores] WHERE [Overall] IS NOT NULL;"
            : "INSERT INTO \"ResponseScores\" (\"RunId\", \"ResponseId\", \"Score\") " +
              "SELECT \"RunId\", \"ResponseId\", \"Overall\" FROM \"RespondentScores\" WHERE \"Overall\" IS NOT NULL");
        migrationBuilder.DropTable(name: "RespondentScores");
        migrationBuilder.DropTable(name: "ScoringResults");
        migrationBuilder.DropTable(name: "ScoringModels");
        foreach (var column in new[] { "Trigger", "ModelVersion", "ModelHash", "Seed", "QueuedAt", "Attempts" })
        {
            migrationBuilder.DropColumn(name: column, table: "ScoringRuns");
        }
    }
}
