using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Scoring.Engine;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Domain.Templates;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Scoring;

/// <summary>A survey made from the flagship template scores with its complete model: dimensions, maturity, JTBD per segment, benchmarks.</summary>
public sealed class FlagshipResultsTests
{
    [Fact]
    public async Task AFlagshipSurvey_ScoresWithItsModel_AndTheResultsPageShowsTheIndex_WithSmallSegmentsSuppressed()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var create = await owner.GetAsync("/surveys/new");
        var edit = await owner.SubmitAsync(create, $"form[action*='handler=Template']:has(input[value='{HealthcareAiAdoption.Template.Key}'])");
        var id = Guid.Parse(new Uri(edit.Url).AbsolutePath.Split('/')[2]);
        await SurveyPages.PublishAsync(owner, id);

        // 120 generated responses, except that only two of them are pharma: that segment is below k = 5.
        var generator = new FlagshipResponseGenerator(HealthcareAiAdoption.Template.Definition, FlagshipProfile.Default(), 5);
        var pharma = 0;
        var added = 0;
        await app.WithDbAsync(async db =>
        {
            var survey = await db.Surveys.Include(s => s.Versions).SingleAsync(s => s.Id == id);
            while (added < 120)
            {
                var answers = generator.Next();
                if (answers["segment"] == "pharma" && ++pharma > 2)
                {
                    continue;
                }

                db.Responses.Add(SurveyResponse.Submit(Guid.NewGuid(), survey, answers, DateTime.UtcNow));
                added++;
            }

            return await db.SaveChangesAsync();
        });

        await SurveyPages.CloseAsync(owner, id);
        var run = await SurveyPages.EventuallyAsync(
            () => app.WithDbAsync(db => db.ScoringRuns.AsNoTracking().FirstOrDefaultAsync(r => r.SurveyId == id && r.Status == ScoringRunStatus.Succeeded)),
            TimeSpan.FromSeconds(60), "the flagship scoring run");
        Assert.Equal(1, run.ModelVersion);
        Assert.Equal(120, run.N);

        var results = ScoringResults.FromJson(await app.WithDbAsync(db => db.ScoringResults.Where(r => r.RunId == run.Id).Select(r => r.Json).SingleAsync()));
        Assert.Equal(6, results.Dimensions.Count);
        Assert.All(results.Dimensions, d => Assert.NotNull(d.Figure.Bootstrap));
        var jtbd = results.Jtbd!;
        Assert.Equal("suppressed (n<5)", jtbd.Segments.Single(s => s.Segment == "pharma").Suppressed);
        Assert.Empty(jtbd.Segments.Single(s => s.Segment == "pharma").Rows);
        var provider = jtbd.Segments.Single(s => s.Segment == "provider");
        Assert.Null(provider.Suppressed);
        Assert.Contains(provider.Rows, r => r.Quadrant is not null && r.Sensitivity is not null && r.Adoption.Bootstrap is not null);
        // Complementary suppression: with pharma hidden, the smaller of the other two segments is hidden too in the segment table.
        Assert.Equal(2, results.Segments.Count(s => s.Suppressed is not null));

        var page = await owner.GetAsync($"/surveys/{id}/results");
        Assert.Equal(6, page.Document.QuerySelectorAll("[data-testid=dimensions] tbody tr").Length);
        Assert.Contains("suppressed (n<5)", page.Text("[data-testid=jtbd-pharma]"), StringComparison.Ordinal);
        Assert.NotEmpty(page.Document.QuerySelectorAll("[data-testid=jtbd-provider] tbody tr"));

        var csv = CsvText.Parse(await owner.Client.GetStringAsync(new Uri($"/surveys/{id}/results?handler=Csv", UriKind.Relative)));
        var header = csv[0].ToList();
        Assert.Contains("score_strategy_governance", header);
        Assert.Contains("score_adoption_breadth", header);

        // Benchmarks per dimension: each respondent's percentile within the segment (none for pharma, below k)
        // and among all respondents, stored with the run and exported as they are stored.
        var stored = await app.WithDbAsync(db => db.RespondentScores.AsNoTracking().Where(s => s.RunId == run.Id).ToDictionaryAsync(s => s.ResponseId));
        Assert.All(stored.Values.Where(s => s.Segment == "pharma"), s => Assert.All(s.DimensionPercentilesInSegmentValues(), Assert.Null));
        Assert.Contains(stored.Values, s => s.Segment == "provider" && s.DimensionPercentilesInSegmentValues().All(p => p is > 0 and < 100));
        Assert.All(stored.Values, s => Assert.Equal(6, s.DimensionPercentilesOverallValues().Count));
        var within = header.IndexOf("percentile_in_segment_strategy_governance");
        var among = header.IndexOf("percentile_overall_adoption_breadth");
        Assert.True(within > 0 && among > within, "the per-dimension percentile columns follow the dimension scores");
        foreach (var row in csv.Skip(1).Where(r => r.Length == header.Count))
        {
            var score = stored[Guid.Parse(row[0])];
            Assert.Equal(Cell(score.DimensionPercentilesInSegmentValues()[0]), row[within]);
            Assert.Equal(Cell(score.DimensionPercentilesOverallValues()[5]), row[among]);
        }

        static string Cell(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty;
    }
}
