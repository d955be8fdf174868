using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using MathNet.Numerics.Distributions;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Scoring.Descriptives;
using SurveyPlatform.Domain.Scoring.Engine;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Results;

/// <summary>
/// Our own published-table test. 200 respondents built to known margins, in the style of a published
/// healthcare AI survey ("36% of organisations using AI use ambient scribes"): roles 90/60/50;
/// 150 of 200 adopting AI; of the 150 who were asked (the tools question is shown only to adopters),
/// ambient 54, imaging 45, coding 30, chatbot 21, and some choosing none; trust 1–5 with counts
/// 10/30/60/70/30; a budget question. The file goes in through the owner's response import, the
/// survey closes and is scored, and every share, base, native-scale mean and interval in the
/// results document and the figures CSV equals what is computed here from the formulas, and the
/// cross-tab of technical leaders equals a hand count.
/// </summary>
public sealed class PublishedTableTests
{
    private const double Z = 1.959963984540054;

    private sealed record Person(string Id, string Role, bool Adopting, string[] Tools, int Trust, string Budget);

    private static readonly string[] ToolCodes = ["ambient", "imaging", "coding", "chatbot"];

    private static List<Person> People()
    {
        var people = new List<Person>();
        var adopter = 0;
        for (var i = 0; i < 200; i++)
        {
            var role = i < 90 ? "clinical" : i < 150 ? "technical" : "admin";
            var adopting = i % 4 != 3;
            var tools = new List<string>();
            if (adopting)
            {
                var j = adopter++;
                if (j % 25 < 9) { tools.Add("ambient"); }
                if (j % 10 < 3) { tools.Add("imaging"); }
                if (j % 5 == 4) { tools.Add("coding"); }
                if (j % 50 < 7) { tools.Add("chatbot"); }
            }

            // Per 20 respondents: one 1, three 2s, six 3s, seven 4s, three 5s.
            var t = i % 20;
            var trust = t < 1 ? 1 : t < 4 ? 2 : t < 10 ? 3 : t < 17 ? 4 : 5;
            var budget = (i % 10) switch { 0 or 1 or 4 or 6 or 9 => "increase", 3 or 8 => "decrease", _ => "same" };
            people.Add(new Person($"P{i + 1:000}", role, adopting, [.. tools], trust, budget));
        }

        return people;
    }

    private const string Definition = """
        {
          "format": "surveyplatform.survey/1",
          "title": "AI adoption (published margins)",
          "description": "",
          "definition": { "pages": [ { "title": "AI in your organisation", "questions": [
            { "code": "role", "text": "Your role", "type": "SingleChoice", "required": true,
              "options": [ { "code": "clinical", "label": "Clinical leader" }, { "code": "technical", "label": "Technical leader" }, { "code": "admin", "label": "Administrative leader" } ] },
            { "code": "adopting", "text": "Does your organisation use AI today?", "type": "YesNo", "required": true },
            { "code": "uses", "text": "Which AI tools are in use?", "type": "MultipleChoice", "condition": "adopting = yes",
              "options": [ { "code": "ambient", "label": "Ambient scribe" }, { "code": "imaging", "label": "Imaging AI" }, { "code": "coding", "label": "Coding assistant" }, { "code": "chatbot", "label": "Patient chatbot" } ] },
            { "code": "trust", "text": "How much do you trust AI output?", "type": "Rating", "scale": 5, "required": true },
            { "code": "budget", "text": "AI budget next year", "type": "SingleChoice", "required": true,
              "options": [ { "code": "increase", "label": "Increase" }, { "code": "same", "label": "Same" }, { "code": "decrease", "label": "Decrease" } ] }
          ] } ] }
        }
        """;

    private static string File(IEnumerable<Person> people)
    {
        var csv = new StringBuilder("record_id,submitted_at_utc,role,adopting,uses_ambient,uses_imaging,uses_coding,uses_chatbot,trust,budget\r\n");
        var start = new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);
        var n = 0;
        foreach (var p in people)
        {
            var tools = p.Adopting ? string.Join(',', ToolCodes.Select(c => p.Tools.Contains(c) ? "1" : "0")) : ",,,";
            csv.Append(CultureInfo.InvariantCulture, $"{p.Id},{start.AddMinutes(17 * n++):yyyy-MM-dd'T'HH:mm:ss'Z'},{p.Role},{(p.Adopting ? "yes" : "no")},{tools},{p.Trust},{p.Budget}\r\n");
        }

        return csv.ToString();
    }

    private static (double Lower, double Upper) Wilson(int count, int n)
    {
        var p = (double)count / n;
        var denominator = 1 + (Z * Z / n);
        var centre = (p + (Z * Z / (2 * n))) / denominator;
        var half = Z * Math.Sqrt((p * (1 - p) / n) + (Z * Z / (4.0 * n * n))) / denominator;
        return (centre - half, centre + half);
    }

    /// <summary>The results document publishes figures to six decimals: "exactly" means equal at that precision.</summary>
    private static double R6(double value) => Math.Round(value, 6, MidpointRounding.AwayFromZero);

    private static void AssertShare(ShareTable table, string code, int count, int n)
    {
        var option = table.Options.Single(o => o.Code == code);
        Assert.Equal(count, option.Count);
        Assert.Equal(R6((double)count / n), option.Share!.Value);
        var (lower, upper) = Wilson(count, n);
        Assert.Equal(R6(lower), option.Wilson!.Lower);
        Assert.Equal(R6(upper), option.Wilson!.Upper);
    }

    private static async Task<Page> UploadAsync(HtmlSession owner, string path, string handler, string field, string fileName, string mediaType, string content, string formSelector)
    {
        var page = await owner.GetAsync(path);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(page.Document.QuerySelector($"{formSelector} input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        form.Add(file, field, fileName);
        return await Page.FromAsync(await owner.Client.PostAsync(new Uri($"{path}?handler={handler}", UriKind.Relative), form));
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task KnownMargins_ImportedAndScored_ReproduceEveryShareBaseMeanAndInterval_AndTheCrossTabMatchesAHandCount(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var people = People();

        var created = await UploadAsync(owner, "/surveys/new", "Import", "file", "published.json", "application/json", Definition, "form[action*='handler=Import']");
        var id = await SurveyPages.ConfirmImportAsync(owner, created);
        await SurveyPages.PublishAsync(owner, id);
        var imported = await UploadAsync(owner, $"/surveys/{id}/responses/import", "Import", "file", "published.csv", "text/csv", File(people), "form[data-testid=upload]");
        Assert.Equal("200 responses imported.", imported.Text("main .notice"));
        await SurveyPages.CloseAsync(owner, id);
        await SurveyPages.EventuallyAsync(
            () => app.WithDbAsync(db => db.ScoringRuns.AsNoTracking().FirstOrDefaultAsync(r => r.SurveyId == id && r.Status == ScoringRunStatus.Succeeded)),
            TimeSpan.FromSeconds(90), "the close's scoring run");

        var document = ScoringResults.FromJson(await owner.Client.GetStringAsync(new Uri($"/surveys/{id}/results?handler=Json", UriKind.Relative)));
        Assert.Equal(200, document.Responses);
        QuestionSummary Q(string code) => document.Questions.Single(q => q.Code == code);

        // Single choice and yes/no: base = the 200 who answered.
        var role = Q("role").Shares!;
        Assert.Equal(200, role.BaseN);
        AssertShare(role, "clinical", 90, 200);
        AssertShare(role, "technical", 60, 200);
        AssertShare(role, "admin", 50, 200);
        AssertShare(Q("adopting").Shares!, "yes", 150, 200);

        // Multiple choice: the stated base is everyone who saw the question (the 150 adopters), so
        // "36% use ambient scribes" comes out as 36%; the other base is reported beside it.
        var adopters = people.Where(p => p.Adopting).ToList();
        var choosing = adopters.Count(p => p.Tools.Length > 0);
        var uses = Q("uses");
        Assert.Equal((150, choosing), (uses.Shown, uses.Answered));
        Assert.Equal(150, uses.Shares!.BaseN);
        Assert.StartsWith("respondents who saw", uses.Shares.Base, StringComparison.Ordinal);
        int[] counts = [54, 45, 30, 21];
        for (var t = 0; t < ToolCodes.Length; t++)
        {
            Assert.Equal(counts[t], adopters.Count(p => p.Tools.Contains(ToolCodes[t])));
            AssertShare(uses.Shares, ToolCodes[t], counts[t], 150);
            AssertShare(uses.Shares.Alternative!, ToolCodes[t], counts[t], choosing);
        }

        Assert.Equal(0.36, uses.Shares.Options.Single(o => o.Code == "ambient").Share!.Value);
        Assert.Equal(choosing, uses.Shares.Alternative!.BaseN);

        // The rating on its own 1–5 scale: mean, SD, t interval and the distribution.
        var trust = Q("trust");
        Assert.Equal((1, 5), (trust.ScaleStart!.Value, trust.ScaleEnd!.Value));
        var values = people.Select(p => (double)p.Trust).ToList();
        var mean = values.Average();
        Assert.Equal(3.4, mean, 12);
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        var half = StudentT.InvCDF(0, 1, values.Count - 1, 0.975) * sd / Math.Sqrt(values.Count);
        Assert.Equal(200, trust.Figure!.N);
        Assert.Equal(R6(mean), trust.Figure.Mean!.Value);
        Assert.Equal(R6(sd), trust.Figure.StandardDeviation!.Value);
        Assert.Equal(R6(mean - half), trust.Figure.TInterval!.Lower);
        Assert.Equal(R6(mean + half), trust.Figure.TInterval!.Upper);
        int[] trustCounts = [10, 30, 60, 70, 30];
        for (var v = 1; v <= 5; v++)
        {
            AssertShare(trust.Shares!, v.ToString(CultureInfo.InvariantCulture), trustCounts[v - 1], 200);
        }

        // The figures CSV says the same, with its base and n on each row.
        var figures = CsvText.Parse(await owner.Client.GetStringAsync(new Uri($"/surveys/{id}/results?handler=Summary", UriKind.Relative)));
        string[] Row(string group, string measure, string statistic, string baseName) =>
            figures.Where(r => r[0] is "shares" or "question" && r[1] == group && r[2] == measure && r[3] == statistic && r[5] == baseName).Select(r => new[] { r[4], r[6] }).Single();
        Assert.Equal(["0.36", "150"], Row("uses", "ambient", "share", "respondents who saw the question"));
        Assert.Equal([Math.Round(54.0 / choosing, 6).ToString(CultureInfo.InvariantCulture), choosing.ToString(CultureInfo.InvariantCulture)], Row("uses", "ambient", "share", "respondents choosing any option"));
        Assert.Equal(["3.4", "200"], Row("trust", "mean (1-5)", "mean", "respondents answering"));

        // The cross-tab: budget by role. Technical leaders (60) by hand: 30 increase, 12 decrease, 18 same.
        var technical = people.Where(p => p.Role == "technical").ToList();
        Assert.Equal((60, 30, 12, 18), (technical.Count, technical.Count(p => p.Budget == "increase"), technical.Count(p => p.Budget == "decrease"), technical.Count(p => p.Budget == "same")));
        var page = await owner.GetAsync($"/surveys/{id}/results/crosstab?rows=budget&columns=role");
        var table = page.Document.QuerySelector("table[data-testid=crosstab]")!;
        Assert.Equal("60", table.QuerySelector("tr[data-testid=bases] td[data-column='technical']")!.TextContent.Trim());
        Assert.Equal("30", table.QuerySelector("tr[data-row='increase'] td[data-column='technical']")!.GetAttribute("data-count"));
        Assert.Equal("12", table.QuerySelector("tr[data-row='decrease'] td[data-column='technical']")!.GetAttribute("data-count"));
        Assert.StartsWith("50.0% (30;", table.QuerySelector("tr[data-row='increase'] td[data-column='technical']")!.TextContent.Trim(), StringComparison.Ordinal);

        // Trust by role: the technical leaders' mean on the 1–5 scale equals the hand mean.
        var byRole = await owner.GetAsync($"/surveys/{id}/results/crosstab?rows=trust&columns=role");
        var technicalMean = double.Parse(byRole.Document.QuerySelector("table[data-testid=crosstab] tr[data-row=mean] td[data-column=technical]")!.GetAttribute("data-mean")!, CultureInfo.InvariantCulture);
        Assert.Equal(technical.Average(p => p.Trust), technicalMean, 6);
    }
}
