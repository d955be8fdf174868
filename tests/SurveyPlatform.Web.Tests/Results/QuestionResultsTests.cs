using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Scoring.Engine;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Results;

/// <summary>
/// Every question's descriptive results on the Results page, in the results document and in the
/// figures CSV, for a survey without a scoring model (descriptives only); and the text answers page.
/// </summary>
public sealed class QuestionResultsTests
{
    private const string Password = "correct horse battery staple";

    private static async Task<ScoringRun> ScoredAsync(AppFactory app, Guid id) =>
        await SurveyPages.EventuallyAsync(
            () => app.WithDbAsync(db => db.ScoringRuns.AsNoTracking().FirstOrDefaultAsync(r => r.SurveyId == id && r.Status == ScoringRunStatus.Succeeded)),
            TimeSpan.FromSeconds(90), "the close's scoring run");

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task ASurveyWithoutAModel_ShowsDescriptivesOnly_EveryQuestionOnItsOwnScale_AndTheFiguresCarryBaseAndN(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        using var respondent = app.Session();
        // Seven respondents all see "fruit"; five choose some: apple 3, pear 3. Mood 1 2 3 4 5 5 4 (mean 24/7); age 30 … 90.
        string[][] fruit = [["apple"], ["apple", "pear"], [], ["pear"], ["apple"], ["pear"], []];
        int[] moods = [1, 2, 3, 4, 5, 5, 4];
        for (var i = 0; i < 7; i++)
        {
            await SurveyPages.AnswerStandardAsync(respondent, code, i % 2 == 0 ? "red" : "blue", fruit[i], moods[i], "York", (30 + (10 * i)).ToString(CultureInfo.InvariantCulture));
        }

        await SurveyPages.CloseAsync(owner, id);
        var run = await ScoredAsync(app, id);
        Assert.Null(run.ModelVersion);
        Assert.Null(run.ModelHash);

        var page = await owner.GetAsync($"/surveys/{id}/results");
        Assert.StartsWith("No scoring model chosen", page.Text("[data-testid=mean]"), StringComparison.Ordinal);
        Assert.Null(page.Document.QuerySelector("[data-testid=dimensions]"));
        Assert.Null(page.Document.QuerySelector("[data-testid=maturity]"));
        Assert.DoesNotContain("Readiness index", page.Html, StringComparison.Ordinal);

        var fruitSection = page.Document.QuerySelector("section[data-testid=question-fruit]")!;
        Assert.Equal("Saw the question: 7. Answered: 5.", fruitSection.QuerySelector("[data-testid=question-counts]")!.TextContent.Trim());
        Assert.Equal("Base: respondents who saw the question, n = 7 (of respondents choosing any option: n = 5)", fruitSection.QuerySelector("[data-testid=chart-base]")!.TextContent.Trim());
        Assert.Equal("42.9%", fruitSection.QuerySelector("g.bar[data-code=apple] text.share")!.TextContent);
        Assert.Equal("3.43", page.Text("section[data-testid=question-mood] [data-testid=figure-mean]"));
        Assert.Equal("30", page.Text("section[data-testid=question-age] [data-testid=iqr]"));

        var document = ScoringResults.FromJson(await owner.Client.GetStringAsync(new Uri($"/surveys/{id}/results?handler=Json", UriKind.Relative)));
        Assert.Equal(ScoringResults.CurrentFormat, document.Format);
        Assert.Null(document.Overall);
        Assert.Empty(document.Items);
        Assert.Equal(["colour", "fruit", "mood", "city", "age"], document.Questions.Select(q => q.Code));
        var mood = document.Questions.Single(q => q.Code == "mood");
        Assert.Equal(24 / 7d, mood.Figure!.Mean!.Value, 6);
        Assert.Equal((1, 5), (mood.ScaleStart!.Value, mood.ScaleEnd!.Value));
        Assert.Equal(60, document.Questions.Single(q => q.Code == "age").Figure!.Median);

        var figures = CsvText.Parse(await owner.Client.GetStringAsync(new Uri($"/surveys/{id}/results?handler=Summary", UriKind.Relative)));
        Assert.Equal(["section", "group", "measure", "statistic", "value", "base", "n"], figures[0]);
        // The value and n of the one row of a figure over a base.
        string[] Row(string section, string group, string measure, string statistic, string baseName) =>
            figures.Where(r => r[0] == section && r[1] == group && r[2] == measure && r[3] == statistic && r[5] == baseName).Select(r => new[] { r[4], r[6] }).Single();
        Assert.Equal(["0.428571", "7"], Row("shares", "fruit", "apple", "share", "respondents who saw the question"));
        Assert.Equal(["0.6", "5"], Row("shares", "fruit", "apple", "share", "respondents choosing any option"));
        Assert.Equal(["3.428571", "7"], Row("question", "mood", "mean (1-5)", "mean", "respondents answering"));
        Assert.Equal(["30", "7"], Row("question", "age", "value", "iqr", "respondents answering"));
        Assert.DoesNotContain(figures, r => r[0] == "readiness");
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task TextAnswers_ArePagedAndSearchable_ForReadersOfTheSurvey_Only(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        using var respondent = app.Session();
        string[] cities = [.. Enumerable.Range(1, 24).Select(i => $"York {i}"), "Leeds", "leeds north", "LEEDS <b>east</b>"];
        foreach (var city in cities)
        {
            await SurveyPages.AnswerStandardAsync(respondent, code, "red", [], 3, city, "40");
        }

        var first = await owner.GetAsync($"/surveys/{id}/results/answers/city");
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(25, first.Document.QuerySelectorAll("[data-testid=answers] li").Length);
        Assert.StartsWith("27 answers; page 1 of 2.", first.Text("[data-testid=answers-count]"), StringComparison.Ordinal);
        var next = first.Document.QuerySelector("[data-testid=pager] a[rel=next]")!.GetAttribute("href")!;
        var second = await owner.GetAsync(next);
        Assert.Equal(2, second.Document.QuerySelectorAll("[data-testid=answers] li").Length);
        var listed = first.Document.QuerySelectorAll("[data-testid=answers] li").Concat(second.Document.QuerySelectorAll("[data-testid=answers] li"))
            .Select(li => li.QuerySelector(".answer-text")!.TextContent).ToList();
        Assert.Equal(cities.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));

        var search = await owner.GetAsync($"/surveys/{id}/results/answers/city?q=leeds");
        Assert.Equal(["LEEDS <b>east</b>", "Leeds", "leeds north"], search.Document.QuerySelectorAll("[data-testid=answers] li").Select(li => li.QuerySelector(".answer-text")!.TextContent).Order(StringComparer.Ordinal));
        Assert.Empty(search.Document.QuerySelectorAll("[data-testid=answers] li b")); // encoded, not markup
        Assert.StartsWith("3 of 27 answers contain", search.Text("[data-testid=answers-count]"), StringComparison.Ordinal);
        var tooLong = await owner.GetAsync($"/surveys/{id}/results/answers/city?q={new string('x', 201)}");
        Assert.Equal(HttpStatusCode.OK, tooLong.Status);
        Assert.Contains("at most 200", tooLong.Text("[data-testid=search-error]"), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/surveys/{id}/results/answers/colour")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/surveys/{id}/results/answers/nosuch")).Status);
        await app.CreateUserAsync("other@example.org", Password, Roles.SurveyOwner);
        using var other = await app.SignedInAsync("other@example.org", Password);
        var foreign = await other.GetAsync($"/surveys/{id}/results/answers/city");
        Assert.Equal(HttpStatusCode.NotFound, foreign.Status);
        Assert.DoesNotContain("York", foreign.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAnonymousSurveysTextAnswers_BelowK_AreSuppressed_OnTheResultsAndTheAnswersPage()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var id = await SurveyPages.CreateAsync(owner, "Anonymous words");
        await SurveyPages.AddValidQuestionAsync(owner, id, Domain.Questionnaires.QuestionType.YesNo, "ok", "All well?", required: true);
        await SurveyPages.AddValidQuestionAsync(owner, id, Domain.Questionnaires.QuestionType.LongText, "why", "Why?");
        await app.WithDbAsync(async db =>
        {
            var survey = await db.Surveys.SingleAsync(s => s.Id == id);
            Assert.Empty(survey.ConfigureAnonymity(true, null, 0));
            return await db.SaveChangesAsync();
        });
        var code = await SurveyPages.PublishAsync(owner, id);
        using var respondent = app.Session();
        for (var i = 0; i < 5; i++)
        {
            var answers = new Dictionary<string, string[]> { ["ok"] = ["yes"] };
            if (i < 2)
            {
                answers["why"] = [$"secret {i}"];
            }

            await RespondentPages.CompleteAsync(respondent, code, answers);
        }

        var answersPage = await owner.GetAsync($"/surveys/{id}/results/answers/why");
        Assert.StartsWith("suppressed (n<5)", answersPage.Text("[data-testid=answers-suppressed]"), StringComparison.Ordinal);
        Assert.DoesNotContain("secret", answersPage.Html, StringComparison.Ordinal);
        Assert.Null(answersPage.Document.QuerySelector("[data-testid=answers-search]"));

        await SurveyPages.CloseAsync(owner, id);
        await ScoredAsync(app, id);
        var results = await owner.GetAsync($"/surveys/{id}/results");
        Assert.Equal("suppressed (n<5)", results.Text("section[data-testid=question-why] [data-testid=question-suppressed]"));
        Assert.Null(results.Document.QuerySelector("section[data-testid=question-why] [data-testid=text-answers-link]"));
        Assert.Equal("Saw the question: 5. Answered: 5.", results.Text("section[data-testid=question-ok] [data-testid=question-counts]"));
    }
}
