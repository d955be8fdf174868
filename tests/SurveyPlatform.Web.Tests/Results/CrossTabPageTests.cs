using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Scoring.Statistics;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Results;

/// <summary>The cross-tab page and its CSV: a hand count per column, the multiple-choice base of those who saw the question, means, suppression, formula-safe labels, and access.</summary>
public sealed class CrossTabPageTests
{
    private const string Password = "correct horse battery staple";

    // "tools" is shown only to those who use AI (uses = yes): the others never saw it.
    private const string Survey = """
        {
          "format": "surveyplatform.survey/1",
          "title": "Cross-tab",
          "definition": {
            "pages": [
              { "title": "All", "questions": [
                { "code": "role", "text": "Your role?", "type": "SingleChoice", "required": true,
                  "options": [ { "code": "clin", "label": "Clinician" }, { "code": "tech", "label": "=Technical" }, { "code": "exec", "label": "Executive" }, { "code": "admin", "label": "Administrator" } ] },
                { "code": "uses", "text": "Do you use AI tools?", "type": "YesNo", "required": true },
                { "code": "tools", "text": "Which?", "type": "MultipleChoice", "condition": "uses = yes",
                  "options": [ { "code": "a", "label": "Scribe" }, { "code": "b", "label": "Triage" }, { "code": "c", "label": "Coding" } ] },
                { "code": "mood", "text": "How useful are they?", "type": "Rating", "required": true } ] }
            ]
          }
        }
        """;

    // role, uses, tools, mood. Of those who saw "tools": clinicians 6, technical 6, executives 5, administrators 1 (below k = 5).
    private static readonly (string Role, string Uses, string[] Tools, int Mood)[] People =
    [
        ("clin", "yes", ["a"], 4), ("clin", "yes", ["a", "b"], 5), ("clin", "no", [], 2), ("clin", "yes", ["c"], 3), ("clin", "yes", [], 3),
        ("clin", "yes", ["a", "c"], 4), ("clin", "no", [], 1), ("clin", "yes", ["b"], 4),
        ("tech", "yes", ["a", "b", "c"], 5), ("tech", "yes", ["b"], 4), ("tech", "no", [], 2), ("tech", "yes", ["b", "c"], 5),
        ("tech", "yes", ["c"], 3), ("tech", "yes", ["b"], 4), ("tech", "yes", ["a"], 5),
        ("exec", "yes", ["a"], 3), ("exec", "no", [], 2), ("exec", "yes", ["b"], 4), ("exec", "yes", ["a", "b"], 4), ("exec", "yes", ["c"], 1), ("exec", "yes", ["a"], 3),
        ("admin", "yes", ["a"], 5), ("admin", "no", [], 2),
    ];

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task ToolsByRole_MatchesAHandCount_OnTheBaseOfThoseWhoSawIt_WithTheSmallRoleAndItsComplementSuppressed(DatabaseProviderKind kind)
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var id = await AnswerAsync(app, owner);

        var page = await owner.GetAsync($"/surveys/{id}/results/crosstab?rows=tools&columns=role");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var table = page.Document.QuerySelector("table[data-testid=crosstab]")!;
        string Cell(string row, string column) => table.QuerySelector($"tr[data-row='{row}'] td[data-column='{column}']")!.TextContent.Trim();
        string Base(string column) => table.QuerySelector($"tr[data-testid=bases] td[data-column='{column}']")!.TextContent.Trim();

        foreach (var role in new[] { "clin", "tech" })
        {
            var saw = People.Where(p => p.Role == role && p.Uses == "yes").ToList();
            Assert.Equal(saw.Count.ToString(CultureInfo.InvariantCulture), Base(role));
            foreach (var tool in new[] { "a", "b", "c" })
            {
                var count = saw.Count(p => p.Tools.Contains(tool));
                var wilson = WilsonInterval.ForProportion(count, saw.Count)!.Value;
                Assert.Equal(
                    $"{Percent((double)count / saw.Count)} ({count}; {Percent(wilson.Lower)}–{Percent(wilson.Upper)})",
                    Cell(tool, role));
            }
        }

        // By hand: clinicians who saw "tools": 6; of them 3 use the scribe.
        Assert.Equal("6", Base("clin"));
        Assert.StartsWith("50.0% (3;", Cell("a", "clin"), StringComparison.Ordinal);

        // Administrators (2) are below k; executives, the smallest other group, are withheld with them.
        Assert.Equal("suppressed (n<5)", Base("admin"));
        Assert.Equal("suppressed (n<5)", Cell("a", "admin"));
        Assert.Equal("suppressed (complementary)", Base("exec"));
        Assert.Equal("suppressed (complementary)", Cell("b", "exec"));
        Assert.Equal(People.Count(p => p.Uses == "yes").ToString(CultureInfo.InvariantCulture), Base("total"));

        // The CSV has the same figures, suppressed columns without numbers, and labels made formula-safe.
        using var csvResponse = await owner.Client.GetAsync(new Uri(page.Document.QuerySelector("[data-testid=crosstab-csv]")!.GetAttribute("href")!, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, csvResponse.StatusCode);
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        var csv = CsvText.Parse(await csvResponse.Content.ReadAsStringAsync());
        var header = csv[0].ToList();
        string Field(string[] row, string name) => row[header.IndexOf(name)];
        var clinScribe = csv.Single(r => Field(r, "column_code") == "clin" && Field(r, "row_code") == "a");
        Assert.Equal("6", Field(clinScribe, "base"));
        Assert.Equal("3", Field(clinScribe, "count"));
        Assert.Equal(0.5, double.Parse(Field(clinScribe, "share"), CultureInfo.InvariantCulture), 12);
        var admin = csv.Single(r => Field(r, "column_code") == "admin");
        Assert.Equal("suppressed (n<5)", Field(admin, "suppressed"));
        Assert.Equal(string.Empty, Field(admin, "base"));
        Assert.All(csv.Where(r => Field(r, "column_code") == "tech"), r => Assert.Equal("'=Technical", Field(r, "column_label")));
    }

    [Fact]
    public async Task RatingByRole_HasColumnMeans_AndAYesNoQuestionCanSplitTheColumns()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var id = await AnswerAsync(app, owner);

        var page = await owner.GetAsync($"/surveys/{id}/results/crosstab?rows=mood&columns=uses");
        var table = page.Document.QuerySelector("table[data-testid=crosstab]")!;
        foreach (var uses in new[] { "yes", "no" })
        {
            var moods = People.Where(p => p.Uses == uses).Select(p => (double)p.Mood).ToList();
            var mean = double.Parse(table.QuerySelector($"tr[data-row=mean] td[data-column={uses}]")!.GetAttribute("data-mean")!, CultureInfo.InvariantCulture);
            Assert.Equal(moods.Average(), mean, 10);
            Assert.Equal(moods.Count(m => m == 2).ToString(CultureInfo.InvariantCulture), table.QuerySelector($"tr[data-row='2'] td[data-column={uses}]")!.GetAttribute("data-count"));
        }
    }

    [Fact]
    public async Task AnUnknownVariable_IsAnErrorBesideItsList_AndAnotherOwnerGets404()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var id = await AnswerAsync(app, owner);

        var bad = await owner.GetAsync($"/surveys/{id}/results/crosstab?rows=nothing&columns=tools");
        Assert.Equal(HttpStatusCode.OK, bad.Status);
        Assert.Contains("Choose the question for the rows", bad.Text("[data-testid=rows-error]"), StringComparison.Ordinal);
        Assert.Contains("Choose a single-choice question", bad.Text("[data-testid=columns-error]"), StringComparison.Ordinal);
        Assert.Equal("true", bad.Document.QuerySelector("#crosstab-rows")!.GetAttribute("aria-invalid"));
        Assert.Null(bad.Document.QuerySelector("table[data-testid=crosstab]"));
        using var badCsv = await owner.Client.GetAsync(new Uri($"/surveys/{id}/results/crosstab?handler=Csv&rows=nothing&columns=role", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, badCsv.StatusCode);

        await app.CreateUserAsync("other@example.org", Password, Roles.SurveyOwner);
        using var other = await app.SignedInAsync("other@example.org", Password);
        using var foreign = await other.Client.GetAsync(new Uri($"/surveys/{id}/results/crosstab?rows=tools&columns=role", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        using var foreignCsv = await other.Client.GetAsync(new Uri($"/surveys/{id}/results/crosstab?handler=Csv&rows=tools&columns=role", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, foreignCsv.StatusCode);
    }

    private static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static async Task<Guid> AnswerAsync(AppFactory app, HtmlSession owner)
    {
        var (id, _) = await SurveyPages.PublishFileAsync(owner, Survey);
        await app.WithDbAsync(async db =>
        {
            var survey = await db.Surveys.Include(s => s.Versions).SingleAsync(s => s.Id == id);
            foreach (var p in People)
            {
                var answers = new Dictionary<string, string> { ["role"] = p.Role, ["uses"] = p.Uses, ["mood"] = p.Mood.ToString(CultureInfo.InvariantCulture) };
                if (p.Tools.Length > 0)
                {
                    answers["tools"] = string.Join(';', p.Tools);
                }

                db.Responses.Add(SurveyResponse.Submit(Guid.NewGuid(), survey, answers, DateTime.UtcNow));
            }

            return await db.SaveChangesAsync();
        });
        return id;
    }
}
