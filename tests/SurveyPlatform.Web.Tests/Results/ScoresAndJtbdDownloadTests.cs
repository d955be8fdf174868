using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Scoring.Engine;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Domain.Templates;
using SurveyPlatform.Web.Results;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Results;

/// <summary>The scores and JTBD index downloads of a scored flagship survey, with a segment below k.</summary>
public sealed class ScoresAndJtbdDownloadTests
{
    [Fact]
    public async Task ScoresAndJtbd_FollowTheRun_HonourSuppression_AndMatchTheirWorkbookSheets()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var create = await owner.GetAsync("/surveys/new");
        var edit = await owner.SubmitAsync(create, $"form[action*='handler=Template']:has(input[value='{HealthcareAiAdoption.Template.Key}'])");
        var id = Guid.Parse(new Uri(edit.Url).AbsolutePath.Split('/')[2]);
        await SurveyPages.PublishAsync(owner, id);

        // 60 generated responses, only two of them pharma: that segment is below k = 5.
        var generator = new FlagshipResponseGenerator(HealthcareAiAdoption.Template.Definition, FlagshipProfile.Default(), 11);
        await app.WithDbAsync(async db =>
        {
            var survey = await db.Surveys.Include(s => s.Versions).SingleAsync(s => s.Id == id);
            var (pharma, added) = (0, 0);
            while (added < 60)
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
            TimeSpan.FromSeconds(120), "the flagship scoring run");
        var results = ScoringResults.FromJson(await app.WithDbAsync(db => db.ScoringResults.Where(r => r.RunId == run.Id).Select(r => r.Json).SingleAsync()));
        var stored = await app.WithDbAsync(db => db.RespondentScores.AsNoTracking().Where(x => x.RunId == run.Id).ToDictionaryAsync(x => x.ResponseId));
        var hidden = results.Segments.Where(x => x.Suppressed is not null).Select(x => x.Segment).ToHashSet();
        Assert.Contains("pharma", hidden);

        var scores = await DownloadTestSurvey.CsvAsync(owner, id, "handler=Scores");
        var header = scores[0];
        Assert.Equal(["response_id", "segment", "overall", "maturity", "percentile_in_segment", "percentile_overall"], header[..6]);
        Assert.Contains("score_strategy_governance", header);
        Assert.Equal(61, scores.Count);
        var dimension = Array.IndexOf(header, "score_strategy_governance");
        var withinDimension = Array.IndexOf(header, "percentile_in_segment_strategy_governance");
        foreach (var row in scores.Skip(1))
        {
            var score = stored[Guid.Parse(row[0])];
            Assert.Equal(score.Segment, row[1]);
            Assert.Equal(Cell(score.Overall), row[2]);
            Assert.Equal(score.Maturity ?? string.Empty, row[3]);
            Assert.Equal(Cell(score.PercentileOverall), row[5]);
            Assert.Equal(Cell(score.DimensionScores()[0]), row[dimension]);
            // A suppressed segment's percentiles are not given.
            Assert.Equal(hidden.Contains(score.Segment!) ? string.Empty : Cell(score.PercentileInSegment), row[4]);
            Assert.Equal(hidden.Contains(score.Segment!) ? string.Empty : Cell(score.DimensionPercentilesInSegmentValues()[0]), row[withinDimension]);
        }

        Assert.Contains(scores.Skip(1), r => r[1] == "pharma");
        Assert.Contains(scores.Skip(1), r => r[4].Length > 0);

        var jtbd = await DownloadTestSurvey.CsvAsync(owner, id, "handler=Jtbd");
        Assert.Equal(ResponseTable.JtbdColumns, jtbd[0]);
        int Col(string name) => Array.IndexOf(ResponseTable.JtbdColumns, name);
        var pharmaRows = jtbd.Skip(1).Where(r => r[0] == "pharma").ToList();
        Assert.Equal("suppressed (n<5)", Assert.Single(pharmaRows)[Col("suppressed")]);
        Assert.All(pharmaRows[0][Col("respondents")..Col("suppressed")], c => Assert.Equal(string.Empty, c));
        var expected = results.Jtbd!.Segments.Where(x => x.Suppressed is null).SelectMany(x => x.Rows.Select(r => (x, r))).ToList();
        Assert.Equal(expected.Count + results.Jtbd.Segments.Count(x => x.Suppressed is not null), jtbd.Count - 1);
        foreach (var (segment, job) in expected)
        {
            var row = jtbd.Single(r => r[0] == segment.Segment && r[Col("job")] == job.Row);
            Assert.Equal(job.Opportunity.Suppressed is null ? Cell(job.Opportunity.Mean) : string.Empty, row[Col("opportunity")]);
            Assert.Equal(job.Opportunity.Suppressed is null ? Cell(job.Opportunity.Bootstrap?.Lower) : string.Empty, row[Col("opportunity_lower")]);
            Assert.Equal(job.Adoption.Suppressed is null ? Cell(job.Adoption.Bootstrap?.Upper) : string.Empty, row[Col("adoption_upper")]);
            Assert.Equal(job.Adoption.N?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, row[Col("adoption_n")]);
            Assert.Equal(job.Quadrant ?? string.Empty, row[Col("quadrant")]);
            Assert.Equal(segment.Respondents?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, row[Col("respondents")]);
        }

        // The workbook's Scores and JTBD index sheets hold the same rows.
        var bytes = await owner.Client.GetByteArrayAsync(new Uri($"/surveys/{id}/results?handler=Xlsx", UriKind.Relative));
        using var workbook = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        Assert.Equal(scores.Count, ExcelDownloadTests.Sheet(workbook.WorkbookPart!, "Scores").Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().Count());
        Assert.Equal(jtbd.Count, ExcelDownloadTests.Sheet(workbook.WorkbookPart!, "JTBD index").Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().Count());
        Assert.Equal(header, ExcelDownloadTests.Row(ExcelDownloadTests.Sheet(workbook.WorkbookPart!, "Scores"), 1).Select(ExcelDownloadTests.Text));

        // De-identified: record numbers instead of response ids, the same figures.
        var deIdentified = await DownloadTestSurvey.CsvAsync(owner, id, "handler=Scores&level=deidentified");
        Assert.Equal("record", deIdentified[0][0]);
        Assert.Equal(Enumerable.Range(1, 60).Select(i => i.ToString(CultureInfo.InvariantCulture)), deIdentified.Skip(1).Select(r => r[0]));
        Assert.Equal(scores.Skip(1).Select(r => r[1..]), deIdentified.Skip(1).Select(r => r[1..]));
    }

    private static string Cell(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty;
}
