using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Results;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Results;

/// <summary>The response download's layouts (wide with 0/1 option columns, long) and codes or labels, on a survey with every kind of column.</summary>
public sealed class ResponseLayoutTests
{
    private const string Survey = """
        {
          "format": "surveyplatform.survey/1",
          "title": "Layouts",
          "definition": {
            "pages": [
              { "title": "All", "questions": [
                { "code": "colour", "text": "Favourite colour?", "type": "SingleChoice", "required": true,
                  "options": [ { "code": "red", "label": "Red" }, { "code": "blue", "label": "Blue" } ] },
                { "code": "fruit", "text": "Which fruit?", "type": "MultipleChoice", "exclusiveOption": "none",
                  "options": [ { "code": "apple", "label": "Apple" }, { "code": "pear", "label": "Pear" }, { "code": "none", "label": "None of these" } ] },
                { "code": "jobs", "text": "Do you do these?", "type": "MatrixSingle",
                  "options": [ { "code": "yes", "label": "Yes, often" }, { "code": "no", "label": "No" } ],
                  "rows": [ { "code": "plan", "label": "Planning" }, { "code": "build", "label": "Building" } ] },
                { "code": "age", "text": "Age?", "type": "Number", "required": true, "min": 18, "max": 120 },
                { "code": "note", "text": "Anything else?", "type": "ShortText" },
                { "code": "rank", "text": "Put in order", "type": "Ranking",
                  "options": [ { "code": "x", "label": "Ex" }, { "code": "y", "label": "Why" } ] } ] }
            ]
          }
        }
        """;

    private static readonly string[] AnswerHeader = ["colour", "fruit_apple", "fruit_pear", "fruit_none", "jobs_plan", "jobs_build", "age", "note", "rank_x", "rank_y"];

    private sealed record Responses(Guid Id, HtmlSession Owner, Guid Both, Guid Unanswered, Guid ChoseNone);

    private static async Task<Responses> AnswerAsync(AppFactory app, HtmlSession owner)
    {
        var (id, code) = await SurveyPages.PublishFileAsync(owner, Survey);
        using var respondent = app.Session();
        var both = await RespondentPages.PostRawAsync(respondent, code, ("colour", "red"), ("fruit", "apple"), ("fruit", "pear"), ("jobs_plan", "yes"), ("jobs_build", "no"), ("age", "30"), ("note", "=cmd()"), ("rank", "y"), ("rank", "x"));
        var unanswered = await RespondentPages.PostRawAsync(respondent, code, ("colour", "blue"), ("jobs_plan", "no"), ("age", "45"));
        var choseNone = await RespondentPages.PostRawAsync(respondent, code, ("colour", "red"), ("fruit", "none"), ("jobs_build", "yes"), ("age", "50"), ("note", "plain"), ("rank", "x"), ("rank", "y"));
        return new Responses(id, owner, both, unanswered, choseNone);
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task Wide_SplitsTheMultipleChoiceIntoZeroOneColumns_EmptyWhenUnanswered_AndNamesMatrixRowsCodeRow(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var r = await AnswerAsync(app, owner);

        var rows = await RowsAsync(owner, r.Id, "format=wide");
        Assert.Equal([.. ResultsCsv.LeadingColumns, .. AnswerHeader, .. ResultsCsv.ScoreColumns, .. ResultsCsv.SourceColumns], rows[0]);
        Assert.Equal(4, rows.Count);
        var byId = rows.Skip(1).ToDictionary(row => Guid.Parse(row[0]), row => row[3..(3 + AnswerHeader.Length)]);
        Assert.Equal(["red", "1", "1", "0", "yes", "no", "30", "'=cmd()", "2", "1"], byId[r.Both]);
        Assert.Equal(["blue", "", "", "", "no", "", "45", "", "", ""], byId[r.Unanswered]);
        Assert.Equal(["red", "0", "0", "1", "", "yes", "50", "plain", "1", "2"], byId[r.ChoseNone]);
        Assert.All(rows.Skip(1), row => Assert.Equal(Enumerable.Repeat(string.Empty, ResultsCsv.ScoreColumns.Length), row[^(ResultsCsv.ScoreColumns.Length + ResultsCsv.SourceColumns.Length)..^ResultsCsv.SourceColumns.Length]));

        // The default download is the wide one in codes.
        Assert.Equal(rows, await RowsAsync(owner, r.Id, string.Empty));
        Assert.Equal(rows, await RowsAsync(owner, r.Id, "format=wide&values=codes"));
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task Long_HasARowPerAnsweredVariable_WithTheMultipleChoiceAsStored(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var r = await AnswerAsync(app, owner);

        var wide = await RowsAsync(owner, r.Id, string.Empty);
        var rows = await RowsAsync(owner, r.Id, "format=long");
        Assert.Equal(["response_id", "submitted_at_utc", "version", "variable", "value", "source", "source_id"], rows[0]);
        Assert.Equal(ResultsCsv.LongColumns, rows[0]);
        Assert.Equal(
            [["colour", "red"], ["fruit", "apple;pear"], ["jobs_plan", "yes"], ["jobs_build", "no"], ["age", "30"], ["note", "'=cmd()"], ["rank", "y;x"]],
            Variables(rows, r.Both));
        Assert.Equal([["colour", "blue"], ["jobs_plan", "no"], ["age", "45"]], Variables(rows, r.Unanswered));
        Assert.Equal([["colour", "red"], ["fruit", "none"], ["jobs_build", "yes"], ["age", "50"], ["note", "plain"], ["rank", "x;y"]], Variables(rows, r.ChoseNone));
        Assert.Equal(1 + 7 + 3 + 6, rows.Count);

        // Submission time and version are the wide export's, and a response's rows are together, in the wide export's order.
        Assert.All(rows.Skip(1), row => Assert.Equal(wide.Single(w => w[0] == row[0])[1..3], row[1..3]));
        Assert.Equal(wide.Skip(1).Select(w => w[0]), rows.Skip(1).Select(row => row[0]).Distinct());
        var ids = rows.Skip(1).Select(row => row[0]).ToList();
        Assert.Equal(2, ids.Zip(ids.Skip(1)).Count(pair => pair.First != pair.Second));
    }

    [Fact]
    public async Task Labels_WriteChoiceAnswersAsTheirLabels_InBothLayouts_AndKeepTheZeroOneColumns()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var r = await AnswerAsync(app, owner);

        var wide = await RowsAsync(owner, r.Id, "values=labels");
        Assert.Equal([.. ResultsCsv.LeadingColumns, .. AnswerHeader, .. ResultsCsv.ScoreColumns, .. ResultsCsv.SourceColumns], wide[0]);
        var byId = wide.Skip(1).ToDictionary(row => Guid.Parse(row[0]), row => row[3..(3 + AnswerHeader.Length)]);
        Assert.Equal(["Red", "1", "1", "0", "Yes, often", "No", "30", "'=cmd()", "2", "1"], byId[r.Both]);
        Assert.Equal(["Blue", "", "", "", "No", "", "45", "", "", ""], byId[r.Unanswered]);
        Assert.Equal(["Red", "0", "0", "1", "", "Yes, often", "50", "plain", "1", "2"], byId[r.ChoseNone]);

        var rows = await RowsAsync(owner, r.Id, "format=long&values=labels");
        Assert.Equal(
            [["colour", "Red"], ["fruit", "Apple;Pear"], ["jobs_plan", "Yes, often"], ["jobs_build", "No"], ["age", "30"], ["note", "'=cmd()"], ["rank", "Why;Ex"]],
            Variables(rows, r.Both));
        Assert.Equal([["colour", "Red"], ["fruit", "None of these"], ["jobs_build", "Yes, often"], ["age", "50"], ["note", "plain"], ["rank", "Ex;Why"]], Variables(rows, r.ChoseNone));
    }

    [Fact]
    public async Task ExcelVariant_OfEachLayout_IsTheSameBytesAfterABom()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var r = await AnswerAsync(app, owner);

        foreach (var query in new[] { "format=long", "format=long&values=labels", "format=wide&values=labels" })
        {
            var plain = await owner.Client.GetByteArrayAsync(new Uri($"/surveys/{r.Id}/results?handler=Csv&{query}", UriKind.Relative));
            var excel = await owner.Client.GetByteArrayAsync(new Uri($"/surveys/{r.Id}/results?handler=Csv&{query}&excel=true", UriKind.Relative));
            Assert.False(plain.AsSpan().StartsWith(Encoding.UTF8.Preamble), $"{query} must not start with a BOM.");
            Assert.True(excel.AsSpan().StartsWith(Encoding.UTF8.Preamble), $"{query} for Excel starts with the UTF-8 BOM.");
            Assert.Equal(plain, excel[Encoding.UTF8.Preamble.Length..]);
        }
    }

    [Fact]
    public async Task ResultsPage_OffersLayoutValuesAndExcel_AsALabelledGetForm()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var r = await AnswerAsync(app, owner);

        var page = await owner.GetAsync($"/surveys/{r.Id}/results");
        var form = Assert.IsType<IHtmlFormElement>(page.Document.QuerySelector("form[data-testid=responses-download]"), exactMatch: false);
        Assert.Equal("get", form.Method, ignoreCase: true);
        Assert.Equal($"/surveys/{r.Id}/results", form.GetAttribute("action"));
        var inputs = form.QuerySelectorAll<IHtmlInputElement>("input").ToList();
        Assert.Equal(
            ["handler=Csv", "format=wide", "format=long", "values=codes", "values=labels", "excel=true"],
            inputs.Select(i => $"{i.Name}={i.Value}"));
        Assert.All(inputs.Where(i => i.Type != "hidden"), i => Assert.NotNull(form.QuerySelector($"label[for='{i.Id}']")));
        Assert.Equal(2, form.QuerySelectorAll("fieldset legend").Length);
        Assert.True(inputs.Single(i => i.Value == "wide").IsChecked);
        Assert.True(inputs.Single(i => i.Value == "codes").IsChecked);
    }

    private static List<string[]> Variables(List<string[]> rows, Guid responseId) =>
        rows.Skip(1).Where(row => row[0] == responseId.ToString()).Select(row => row[3..5]).ToList();

    private static async Task<List<string[]>> RowsAsync(HtmlSession owner, Guid id, string query)
    {
        var text = await owner.Client.GetStringAsync(new Uri($"/surveys/{id}/results?handler=Csv{(query.Length > 0 ? "&" + query : string.Empty)}", UriKind.Relative));
        return CsvText.Parse(text).ToList();
    }
}
