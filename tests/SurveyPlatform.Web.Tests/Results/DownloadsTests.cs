using System.IO.Compression;
using System.Net;
using System.Text.Json;
using SurveyPlatform.Domain.Importing;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Results;

/// <summary>
/// The Downloads page and its files on a survey with every question type: the codebook's variables
/// are the wide CSV's header, the SPSS and R packages are run by pspp and Rscript, the Stata
/// do-file's names and quoting are checked, the JSON lists multiple answers as arrays, and every
/// file is refused to another owner and allowed to a researcher the survey is shared with.
/// </summary>
public sealed class DownloadsTests
{
    private const string Password = "correct horse battery";

    internal const string Survey = """
        {
          "format": "surveyplatform.survey/1",
          "title": "Every type: \"tools\" & $money",
          "definition": {
            "pages": [
              { "title": "All", "questions": [
                { "code": "info", "text": "Thanks for **helping**.", "type": "Descriptive" },
                { "code": "colour", "text": "Favourite *colour*?", "type": "SingleChoice", "required": true, "otherOption": "other",
                  "options": [ { "code": "red", "label": "Red" }, { "code": "blue", "label": "Blue 'dark'" }, { "code": "other", "label": "Other" } ] },
                { "code": "fruit", "text": "Which fruit?", "type": "MultipleChoice", "exclusiveOption": "none",
                  "options": [ { "code": "apple", "label": "Apple" }, { "code": "pear", "label": "Pear" }, { "code": "none", "label": "None of these" } ] },
                { "code": "mood", "text": "How **happy** are you?", "type": "Rating", "scale": 5, "lowLabel": "Not at all", "highLabel": "Very", "allowNotApplicable": true },
                { "code": "nps", "text": "Would you recommend us?", "type": "Nps" },
                { "code": "jobs", "text": "Do you do these?", "type": "MatrixSingle", "allowNotApplicable": true,
                  "options": [ { "code": "yes", "label": "Yes, often" }, { "code": "no", "label": "No" } ],
                  "rows": [ { "code": "plan", "label": "Planning" }, { "code": "build", "label": "Building" } ] },
                { "code": "skills", "text": "Rate your skills", "type": "MatrixRating", "scale": 4, "allowNotApplicable": true,
                  "rows": [ { "code": "code", "label": "Coding" }, { "code": "test", "label": "Testing" } ] },
                { "code": "age", "text": "Temperature today?", "type": "Number", "min": -40, "max": 60 },
                { "code": "note", "text": "Why red?", "type": "ShortText", "condition": "colour = red" },
                { "code": "story", "text": "Tell us more", "type": "LongText" },
                { "code": "born", "text": "Date of the visit", "type": "Date" },
                { "code": "consent", "text": "May we contact you?", "type": "YesNo" },
                { "code": "rank", "text": "Put in order", "type": "Ranking",
                  "options": [ { "code": "x", "label": "Ex" }, { "code": "y", "label": "Why" } ] } ] }
            ]
          }
        }
        """;

    internal sealed record Answered(Guid Id, Guid First, Guid Second);

    internal static async Task<Answered> AnswerAsync(AppFactory app, HtmlSession owner)
    {
        var (id, code) = await SurveyPages.PublishFileAsync(owner, Survey);
        using var respondent = app.Session();
        var first = await RespondentPages.PostRawAsync(respondent, code,
            ("colour", "red"), ("fruit", "apple"), ("fruit", "pear"), ("mood", "4"), ("nps", "9"), ("jobs_plan", "yes"), ("jobs_build", "na"),
            ("skills_code", "3"), ("skills_test", "na"), ("age", "-5"), ("note", "=cmd()"), ("story", "line one\r\nline two, \"quoted\""),
            ("born", "2001-02-03"), ("consent", "yes"), ("rank", "y"), ("rank", "x"));
        var second = await RespondentPages.PostRawAsync(respondent, code,
            ("colour", "other"), ("colour_other", "Teal, \"dark\""), ("fruit", "none"), ("mood", "na"), ("nps", "0"), ("jobs_plan", "no"),
            ("skills_code", "1"), ("age", "42"), ("consent", "no"));
        return new Answered(id, first, second);
    }

    private static async Task<List<string[]>> WideAsync(HtmlSession session, Guid id) =>
        CsvText.Parse(await session.Client.GetStringAsync(new Uri($"/surveys/{id}/results?handler=Csv", UriKind.Relative)));

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task Codebook_HasExactlyTheWideCsvHeader_AndDescribesEachVariable(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var r = await AnswerAsync(app, owner);

        var header = (await WideAsync(owner, r.Id))[0];
        var codebook = CsvText.Parse(await owner.Client.GetStringAsync(new Uri($"/surveys/{r.Id}/results/downloads?handler=Codebook&format=csv", UriKind.Relative)));
        Assert.Equal(SurveyPlatform.Domain.Exports.Codebook.CsvColumns, codebook[0]);
        Assert.Equal(header, codebook.Skip(1).Select(row => row[0]));
        Assert.Contains("fruit_apple", header);
        Assert.Contains("colour_other", header);

        var byName = codebook.Skip(1).ToDictionary(row => row[0]);
        Assert.Equal("How happy are you?", byName["mood"][3]);
        Assert.Equal("ordinal", byName["mood"][6]);
        Assert.Equal("1 = 1 Not at all; 2 = 2; 3 = 3; 4 = 4; 5 = 5 Very", byName["mood"][7]);
        Assert.Equal("na = Not applicable", byName["mood"][8]);
        Assert.Equal("Which fruit?: Pear", byName["fruit_pear"][3]);
        Assert.Equal("0 = Not chosen; 1 = Chosen", byName["fruit_pear"][7]);
        Assert.Equal("colour is red (\"Red\")", byName["note"][9]);
        Assert.Equal("scale", byName["age"][6]);
        Assert.Equal("red = Red; blue = Blue 'dark'; other = Other", byName["colour"][7]);

        var html = await owner.GetAsync($"/surveys/{r.Id}/results/downloads?handler=Codebook");
        Assert.Equal(HttpStatusCode.OK, html.Status);
        Assert.Equal("text/html", html.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(header, html.Document.QuerySelectorAll("table[data-testid=codebook] tbody th").Select(th => th.TextContent));
        Assert.Contains("Blue &#x27;dark&#x27;", html.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task SpssPackage_ReadByPspp_GivesTheNamesLabelsValueLabelsAndValues(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var r = await AnswerAsync(app, owner);
        var header = (await WideAsync(owner, r.Id))[0];

        using var folder = await UnzipAsync(owner, r.Id, "spss", ["responses.csv", "responses.sps", "codebook.csv"]);
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "check.sps"), """
            INCLUDE FILE='responses.sps'.
            DISPLAY DICTIONARY.
            SAVE TRANSLATE /OUTFILE='values.csv' /TYPE=CSV /FIELDNAMES /CELLS=VALUES /REPLACE.
            SAVE TRANSLATE /OUTFILE='labels.csv' /TYPE=CSV /FIELDNAMES /CELLS=LABELS /REPLACE.
            """);
        var output = await RunAsync("pspp", folder.Path, "-O", "format=csv", "-o", "dictionary.csv", "check.sps");
        Assert.DoesNotContain("error", output, StringComparison.OrdinalIgnoreCase);
        var dictionary = await File.ReadAllTextAsync(Path.Combine(folder.Path, "dictionary.csv"));
        Assert.DoesNotContain("error:", dictionary, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("warning", output + dictionary, StringComparison.OrdinalIgnoreCase);

        var variables = Table(dictionary, "Variables");
        Assert.Equal(header, variables.Skip(1).Select(row => row[0]));
        var variable = variables.Skip(1).ToDictionary(row => row[0]);
        Assert.Equal("How happy are you?", variable["mood"][2]);
        Assert.Equal("Ordinal", variable["mood"][3]);
        Assert.Equal("Scale", variable["age"][3]);
        Assert.Equal("Nominal", variable["colour"][3]);
        Assert.Equal("-1", variable["mood"][^1]);

        var values = CsvTable.Parse(await File.ReadAllTextAsync(Path.Combine(folder.Path, "values.csv")));
        var labels = CsvTable.Parse(await File.ReadAllTextAsync(Path.Combine(folder.Path, "labels.csv")));
        Assert.Equal(header, values[0]);
        Assert.Equal(3, values.Count);
        string Cell(List<string[]> rows, Guid response, string name) => rows.Single(row => row[0].Trim() == response.ToString())[Array.IndexOf(header, name)].Trim();
        Assert.Equal("4", Cell(values, r.First, "mood"));
        Assert.Equal("-1", Cell(values, r.Second, "mood"));
        Assert.Equal("Not applicable", Cell(labels, r.Second, "mood"));
        Assert.Equal("-5", Cell(values, r.First, "age"));
        Assert.Equal("42", Cell(values, r.Second, "age"));
        Assert.Equal("Red", Cell(labels, r.First, "colour"));
        Assert.Equal("Chosen", Cell(labels, r.First, "fruit_pear"));
        Assert.Equal("Not chosen", Cell(labels, r.Second, "fruit_pear"));
        Assert.Equal("line one  line two, \"quoted\"", Cell(values, r.First, "story"));
        Assert.Equal("Teal, \"dark\"", Cell(values, r.Second, "colour_other"));
        Assert.Equal("Yes, often", Cell(labels, r.First, "jobs_plan"));
        Assert.Equal("2", Cell(values, r.First, "rank_x"));
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task RPackage_RunByRscript_BuildsLabelledFactors_OrderedForRatings(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var r = await AnswerAsync(app, owner);
        var header = (await WideAsync(owner, r.Id))[0];

        using var folder = await UnzipAsync(owner, r.Id, "r", ["responses.csv", "responses.R", "codebook.csv"]);
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "check.R"), $$"""
            source("responses.R", encoding = "UTF-8")
            report <- function(name) {
              x <- responses[[name]]
              cat(name, "\t", paste(class(x), collapse = "+"), "\t", paste(levels(x), collapse = "|"), "\t", attr(x, "label"), "\n", sep = "")
            }
            invisible(lapply(names(responses), report))
            first <- responses[responses$response_id == "{{r.First}}", ]
            second <- responses[responses$response_id == "{{r.Second}}", ]
            cat("values\t", as.character(first$mood), "\t", is.na(second$mood), "\t", first$age, "\t", second$age, "\t", as.character(first$colour), "\t",
                first$fruit_pear, "\t", second$fruit_pear, "\t", as.character(first$jobs_build), "\t", format(first$born), "\t", second$colour_other, "\n", sep = "")
            """);
        var output = await RunAsync("Rscript", folder.Path, "check.R");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToList();
        var byName = lines.Where(l => l[0] != "values").ToDictionary(l => l[0]);
        Assert.Equal(header, lines.Where(l => l[0] != "values").Select(l => l[0]));
        Assert.Equal(["mood", "ordered+factor", "1 Not at all|2|3|4|5 Very", "How happy are you?"], byName["mood"]);
        Assert.Equal(["colour", "factor", "Red|Blue 'dark'|Other", "Favourite colour?"], byName["colour"]);
        Assert.Equal(["rank_x", "ordered+factor", "First|2", "Put in order: Ex"], byName["rank_x"]);
        Assert.Equal("numeric", byName["age"][1]);
        Assert.Equal("integer", byName["fruit_pear"][1]);
        Assert.Equal("Date", byName["born"][1]);
        Assert.Equal(["values", "4", "TRUE", "-5", "42", "Red", "1", "0", "NA", "2001-02-03", "Teal, \"dark\""], lines.Single(l => l[0] == "values"));
    }

    [Fact]
    public async Task StataPackage_NamesEveryColumnValidly_AndQuotesLabelsSafely()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var r = await AnswerAsync(app, owner);
        var wide = await WideAsync(owner, r.Id);

        using var folder = await UnzipAsync(owner, r.Id, "stata", ["responses.csv", "responses.do", "codebook.csv"]);
        var csv = CsvTable.Parse(await File.ReadAllTextAsync(Path.Combine(folder.Path, "responses.csv")));
        Assert.Equal(wide[0], csv[0]);
        Assert.Equal(wide.Count, csv.Count);
        var doFile = await File.ReadAllTextAsync(Path.Combine(folder.Path, "responses.do"));
        Assert.Contains("import delimited using `\"responses.csv\"', varnames(nonames) rowrange(2) stringcols(_all)", doFile, StringComparison.Ordinal);
        var rename = doFile[doFile.IndexOf("rename (", StringComparison.Ordinal)..];
        var renamed = rename[(rename.IndexOf('(', 10) + 1)..rename.IndexOf(")\n", StringComparison.Ordinal)].Split(' ');
        Assert.Equal(wide[0], renamed);
        Assert.All(renamed, name => Assert.Matches("^[A-Za-z][A-Za-z0-9_]{0,31}$", name));
        Assert.Contains("label variable mood `\"How happy are you?\"'", doFile, StringComparison.Ordinal);
        Assert.Contains("label define colour 1 `\"Red\"' 2 `\"Blue 'dark'\"' 3 `\"Other\"'", doFile, StringComparison.Ordinal);
        Assert.Contains("replace mood = \".a\" if mood == `\"na\"'", doFile, StringComparison.Ordinal);
        Assert.Contains("destring age, replace ignore(\"'\")", doFile, StringComparison.Ordinal);
        Assert.StartsWith("* Every type: \"tools\" & \\$money", doFile, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task ResponsesJson_ListsEveryResponse_WithMultipleAnswersAsArrays(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var r = await AnswerAsync(app, owner);

        using var response = await owner.Client.GetAsync(new Uri($"/surveys/{r.Id}/results/downloads?handler=ResponsesJson", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(r.Id, json.RootElement.GetProperty("survey").GetProperty("id").GetGuid());
        var responses = json.RootElement.GetProperty("responses").EnumerateArray().ToDictionary(e => e.GetProperty("id").GetGuid());
        Assert.Equal(new[] { r.First, r.Second }.Order(), responses.Keys.Order());
        var first = responses[r.First].GetProperty("answers");
        Assert.Equal(["apple", "pear"], first.GetProperty("fruit").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["y", "x"], first.GetProperty("rank").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("=cmd()", first.GetProperty("note").GetString());
        Assert.Equal("-5", first.GetProperty("age").GetString());
        Assert.Equal("na", responses[r.Second].GetProperty("answers").GetProperty("mood").GetString());
        Assert.Equal(1, responses[r.Second].GetProperty("version").GetInt32());
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task EveryDownload_IsListedOnThePage_RefusedToAnotherOwner_AndAllowedToASharedResearcher(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var r = await AnswerAsync(app, owner);
        await app.CreateUserAsync("b@example.org", Password, Roles.SurveyOwner);
        await app.CreateUserAsync("r@example.org", Password, Roles.Researcher);
        var shared = await owner.SubmitAsync(await owner.GetAsync($"/surveys/{r.Id}"), SurveyPages.ShareForm, new Dictionary<string, string[]> { ["ShareEmail"] = ["r@example.org"], ["ShareRole"] = ["Researcher"] });
        Assert.Equal("Results shared with r@example.org.", shared.Text(".notice"));

        var page = await owner.GetAsync($"/surveys/{r.Id}/results/downloads");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal($"/surveys/{r.Id}/results/downloads", (await owner.GetAsync($"/surveys/{r.Id}/results")).Document.QuerySelector("[data-testid=downloads-link]")?.GetAttribute("href"));
        var links = page.Document.QuerySelectorAll("a[data-download]").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Equal(["responses-json", "codebook-html", "codebook-csv", "spss", "r", "stata"], page.Document.QuerySelectorAll("a[data-download]").Select(a => a.GetAttribute("data-download")));
        var form = page.Document.QuerySelector("form[data-testid=responses-download]")!;
        Assert.Equal($"/surveys/{r.Id}/results/downloads", form.GetAttribute("action"));
        links.AddRange([
            $"/surveys/{r.Id}/results/downloads?handler=Responses",
            $"/surveys/{r.Id}/results/downloads?handler=Responses&format=long&values=labels&excel=true",
            $"/surveys/{r.Id}/results/downloads",
        ]);

        using var other = await app.SignedInAsync("b@example.org", Password);
        using var researcher = await app.SignedInAsync("r@example.org", Password);
        foreach (var link in links)
        {
            using var mine = await owner.Client.GetAsync(new Uri(link, UriKind.Relative));
            Assert.True(mine.StatusCode == HttpStatusCode.OK, $"{link}: {mine.StatusCode}");
            Assert.True(link.EndsWith("/downloads", StringComparison.Ordinal) || mine.Content.Headers.ContentDisposition?.DispositionType == "attachment", link);
            var bytes = await mine.Content.ReadAsByteArrayAsync();
            using var theirs = await other.Client.GetAsync(new Uri(link, UriKind.Relative));
            Assert.True(theirs.StatusCode == HttpStatusCode.NotFound, $"{link} for another owner: {theirs.StatusCode}");
            using var read = await researcher.Client.GetAsync(new Uri(link, UriKind.Relative));
            Assert.True(read.StatusCode == HttpStatusCode.OK, $"{link} for the researcher: {read.StatusCode}");
            if (!link.EndsWith("/downloads", StringComparison.Ordinal) && !link.Contains("Package", StringComparison.Ordinal))
            {
                Assert.Equal(bytes, await read.Content.ReadAsByteArrayAsync());
            }
        }

        // The wide CSV from this page is the Results page's, byte for byte.
        Assert.Equal(
            await owner.Client.GetByteArrayAsync(new Uri($"/surveys/{r.Id}/results?handler=Csv&format=long&values=labels&excel=true", UriKind.Relative)),
            await owner.Client.GetByteArrayAsync(new Uri($"/surveys/{r.Id}/results/downloads?handler=Responses&format=long&values=labels&excel=true", UriKind.Relative)));
        // Without a scoring run there are no figures to download, and an unknown package is not found.
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync(new Uri($"/surveys/{r.Id}/results/downloads?handler=Figures", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync(new Uri($"/surveys/{r.Id}/results/downloads?handler=Package&package=sas", UriKind.Relative))).StatusCode);
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task ScoredSurveyWithParticipants_CodebookStillEqualsTheCsvHeader_PsppReadsIt_AndTheRunsFilesAreListed(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        var participants = await owner.GetAsync($"/surveys/{id}/participants");
        var added = await owner.SubmitAsync(participants, "form[action*='handler=Add']", new Dictionary<string, string[]>
        {
            ["Email"] = ["ana@example.org"],
            ["Attributes"] = ["segment: provider\nregion: north"],
        });
        Assert.Contains("/i/", added.Text("[data-testid=issued-link] code"), StringComparison.Ordinal);
        foreach (var (colour, mood) in new[] { ("red", 2), ("blue", 5) })
        {
            using var respondent = app.Session();
            await SurveyPages.AnswerStandardAsync(respondent, code, colour, ["pear"], mood, "Lisbon", "41");
        }

        await SurveyPages.CloseAsync(owner, id);
        await SurveyPages.EventuallyAsync(
            () => app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(db.ScoringRuns, r => r.SurveyId == id && r.Status == SurveyPlatform.Domain.Scoring.ScoringRunStatus.Succeeded)),
            TimeSpan.FromSeconds(60), "the scoring run");

        var header = (await WideAsync(owner, id))[0];
        Assert.Contains("participant_segment", header);
        Assert.Contains("score", header);
        var codebook = CsvText.Parse(await owner.Client.GetStringAsync(new Uri($"/surveys/{id}/results/downloads?handler=Codebook&format=csv", UriKind.Relative)));
        Assert.Equal(header, codebook.Skip(1).Select(row => row[0]));
        var byName = codebook.Skip(1).ToDictionary(row => row[0]);
        Assert.Equal("Participant attribute: region", byName["participant_region"][3]);
        Assert.Equal("scale", byName["score"][6]);

        using var folder = await UnzipAsync(owner, id, "spss", ["responses.csv", "responses.sps", "codebook.csv"]);
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "check.sps"), "INCLUDE FILE='responses.sps'.\nDISPLAY DICTIONARY.\n");
        var output = await RunAsync("pspp", folder.Path, "-O", "format=csv", "-o", "dictionary.csv", "check.sps");
        var dictionary = await File.ReadAllTextAsync(Path.Combine(folder.Path, "dictionary.csv"));
        Assert.DoesNotContain("warning", output + dictionary, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(header, Table(dictionary, "Variables").Skip(1).Select(row => row[0]));

        var page = await owner.GetAsync($"/surveys/{id}/results/downloads");
        Assert.Equal(["responses-json", "codebook-html", "codebook-csv", "spss", "r", "stata", "scores", "jtbd", "figures", "results-json"], page.Document.QuerySelectorAll("a[data-download]").Select(a => a.GetAttribute("data-download")));
        var run = await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.ScoringRuns.Where(r => r.SurveyId == id).Select(r => r.Id)));
        Assert.Equal(
            await owner.Client.GetByteArrayAsync(new Uri($"/surveys/{id}/results?handler=Summary&run={run}", UriKind.Relative)),
            await owner.Client.GetByteArrayAsync(new Uri($"/surveys/{id}/results/downloads?handler=Figures", UriKind.Relative)));
        Assert.Equal(
            await owner.Client.GetByteArrayAsync(new Uri($"/surveys/{id}/results?handler=Json&run={run}", UriKind.Relative)),
            await owner.Client.GetByteArrayAsync(new Uri($"/surveys/{id}/results/downloads?handler=ResultsJson", UriKind.Relative)));
    }

    private static List<string[]> Table(string psppCsv, string title)
    {
        var start = psppCsv.IndexOf($"Table: {title}\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No {title} table in the PSPP output:\n{psppCsv}");
        var body = psppCsv[(start + title.Length + 8)..];
        var end = body.IndexOf("\n\n", StringComparison.Ordinal);
        return CsvTable.Parse(end < 0 ? body : body[..(end + 1)]);
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("downloads-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }

    private static async Task<TempFolder> UnzipAsync(HtmlSession owner, Guid id, string package, string[] entries)
    {
        using var response = await owner.Client.GetAsync(new Uri($"/surveys/{id}/results/downloads?handler=Package&package={package}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        var folder = new TempFolder();
        await using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        Assert.Equal(entries, zip.Entries.Select(e => e.FullName));
        zip.ExtractToDirectory(folder.Path);
        return folder;
    }

    private static async Task<string> RunAsync(string program, string folder, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{program} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
        return await stdout + await stderr;
    }
}
