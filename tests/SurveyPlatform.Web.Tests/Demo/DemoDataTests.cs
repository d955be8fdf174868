using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Demo;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Demo;

public sealed class DemoDataTests
{
    [Fact]
    public async Task Development_WithDemoDataOn_SeedsAClosedScoredSurveyForTheAdministratorOnce()
    {
        await using var database = TestDatabase.Sqlite();
        await using (var app = new AppFactory(database, new Dictionary<string, string?> { ["DemoData:Enabled"] = "true", ["DemoData:Responses"] = "250" }))
        {
            using var admin = await app.SignedInAsync();
            var list = await admin.GetAsync("/surveys");
            var link = list.Document.QuerySelectorAll("main a").First(a => a.TextContent == DemoData.Title).GetAttribute("href")!;
            var results = await admin.GetAsync($"{link}/results");
            Assert.Equal("250", results.Text("[data-testid=responses]"));
            Assert.Equal("250", results.Text("[data-testid=n]"));
            Assert.NotEqual("–", results.Text("[data-testid=mean]"));

            var csv = await admin.Client.GetStringAsync(new Uri($"{link}/results?handler=Csv", UriKind.Relative));
            Assert.Equal(251, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        }

        await using (var restarted = new AppFactory(database, new Dictionary<string, string?> { ["DemoData:Enabled"] = "true", ["DemoData:Responses"] = "250" }))
        {
            var surveys = await restarted.WithDbAsync(db => db.Surveys.Where(s => s.Title == DemoData.Title).ToListAsync());
            var demo = Assert.Single(surveys);
            Assert.Equal(SurveyStatus.Closed, demo.Status);
            Assert.Equal(1, await restarted.WithDbAsync(db => db.ScoringRuns.CountAsync(r => r.SurveyId == demo.Id && r.Status == ScoringRunStatus.Succeeded)));
        }
    }
}
