using System.Net;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Respond;

/// <summary>
/// A long matrix split across respondent pages by its author (<c>rowsPerPage</c>): each chunk is a page of its own in
/// the flow (progress, Back, resume), a required matrix asks only for the rows shown, and the answers of every chunk are
/// stored and exported under the one question's keys.
/// </summary>
public sealed class SplitMatrixTests
{
    private static readonly string[] Rows = [.. Enumerable.Range(1, 22).Select(i => $"j{i}")];

    /// <summary>Page 1: a role, the 22-row "jobs" matrix at 8 rows per page, and a note; page 2: a yes/no.</summary>
    private static readonly string SplitSurvey = $$"""
        {
          "format": "surveyplatform.survey/1",
          "title": "Twenty-two jobs",
          "description": "One long matrix.",
          "definition": {
            "pages": [
              { "title": "Your jobs", "intro": "Rate every job.", "questions": [
                { "code": "role", "text": "Your role?", "type": "SingleChoice", "required": true,
                  "options": [ { "code": "payer", "label": "Payer" }, { "code": "provider", "label": "Provider" } ] },
                { "code": "jobs", "text": "How important is each job?", "type": "MatrixRating", "required": true, "scale": 5, "rowsPerPage": 8,
                  "rows": [ {{string.Join(", ", Enumerable.Range(1, 22).Select(i => $$"""{ "code": "j{{i}}", "label": "Job {{i}}" }"""))}} ] },
                { "code": "note", "text": "Anything to add about these jobs?", "type": "LongText" } ] },
              { "title": "Last", "questions": [
                { "code": "done", "text": "Did you rate every job?", "type": "YesNo", "required": true } ] }
            ]
          }
        }
        """;

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task SplitMatrix_ShowsEachChunkAsAPage_AsksOnlyForTheRowsShown_AndStoresEveryRowUnderTheOneQuestion(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.PublishFileAsync(owner, SplitSurvey);
        using var respondent = app.Session();

        var first = await respondent.GetAsync($"/s/{code}");
        Assert.Equal("Page 1 of 4", first.Text(".progress"));
        Assert.Equal("Your jobs", first.Text("h2.page-title"));
        Assert.Equal(["role", .. Rows[..8].Select(r => $"jobs_{r}")], RespondentPages.Keys(first));

        // Continue with the role, seven rows and a value off the scale for row 8: the one error names row 8, and no row
        // of a later chunk is asked for (without them the required matrix would also say "answer every row").
        var refused = await RespondentPages.NextAsync(respondent, first, new Dictionary<string, string[]>(
            Rows[..7].Select(r => new KeyValuePair<string, string[]>($"jobs_{r}", ["3"])))
        { ["role"] = ["payer"] });
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Equal(0, RespondentPages.PageIndex(refused));
        Assert.Equal(["How important is each job: answer every row."], refused.Document.QuerySelectorAll(".error-summary li").Select(li => li.TextContent.Trim()));
        var fields = RespondentPages.Hidden(refused);
        fields["a.role"] = "payer";
        foreach (var row in Rows[..7])
        {
            fields[$"a.jobs_{row}"] = "3";
        }

        fields["a.jobs_j8"] = "9";
        fields["nav"] = "next";
        var offScale = await respondent.PostRawAsync($"/s/{code}", fields);
        var error = Assert.Single(offScale.Document.QuerySelectorAll(".error-summary li")).TextContent.Trim();
        Assert.StartsWith("How important is each job: Job 8: ", error, StringComparison.Ordinal);
        Assert.Equal(["3"], RespondentPages.Checked(refused, "a.jobs_j1")); // What was chosen is kept.

        var answers = new Dictionary<string, string[]>(Rows.Select((r, i) => new KeyValuePair<string, string[]>($"jobs_{r}", [(i % 5 + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)])))
        {
            ["role"] = ["payer"],
            ["note"] = ["Claims take longest."],
            ["done"] = ["yes"],
        };
        var second = await RespondentPages.NextAsync(respondent, refused, answers);
        Assert.Equal("Page 2 of 4", second.Text(".progress"));
        Assert.Equal("Your jobs", second.Text("h2.page-title"));
        Assert.DoesNotContain("Rate every job.", second.Text("main"), StringComparison.Ordinal); // The introduction shows on the first chunk.
        Assert.Equal([.. Rows[8..16].Select(r => $"jobs_{r}")], RespondentPages.Keys(second));

        // Back returns to the first chunk with its answers; a reload (resume) shows the page the respondent is on.
        var back = await respondent.SubmitAsync(second, RespondentPages.SurveyForm, submitter: RespondentPages.Back);
        Assert.Equal("Page 1 of 4", back.Text(".progress"));
        Assert.Equal(["2"], RespondentPages.Checked(back, "a.jobs_j2"));
        second = await RespondentPages.NextAsync(respondent, back, answers);
        Assert.Equal("Page 2 of 4", (await respondent.GetAsync($"/s/{code}")).Text(".progress"));

        var third = await RespondentPages.NextAsync(respondent, second, answers);
        Assert.Equal("Page 3 of 4", third.Text(".progress"));
        Assert.Equal([.. Rows[16..].Select(r => $"jobs_{r}"), "note"], RespondentPages.Keys(third));

        var last = await RespondentPages.NextAsync(respondent, third, answers);
        Assert.Equal("Page 4 of 4", last.Text(".progress"));
        var done = await RespondentPages.NextAsync(respondent, last, answers);
        Assert.EndsWith($"/s/{code}/thanks", done.Url, StringComparison.Ordinal);

        var stored = await RespondentPages.StoredAnswersAsync(app, RespondentPages.ResponseId(first));
        Assert.Equal(answers.ToDictionary(a => a.Key, a => a.Value[0]), stored);

        // The export has one column per row of the one question, in row order.
        var csv = CsvText.Parse(await owner.Client.GetStringAsync(new Uri($"/surveys/{id}/results?handler=Csv", UriKind.Relative)));
        var header = csv[0].ToList();
        Assert.Equal([.. Rows.Select(r => $"jobs_{r}")], header.Where(h => h.StartsWith("jobs_", StringComparison.Ordinal)));
        Assert.Equal("5", csv[1][header.IndexOf("jobs_j20")]);
    }
}
