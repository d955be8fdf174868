using System.Net;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Scoring.Model;
using SurveyPlatform.Domain.Templates;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Scoring;

/// <summary>The Scoring page (/surveys/{id}/scoring): reading, saving, refusing, resetting and re-scoring the model.</summary>
public sealed class ScoringPageTests
{
    private const string Password = "a scoring page password";
    private const string SaveForm = "form[action*='handler=Save']";
    private const string ResetForm = "form[action*='handler=Reset']";
    private const string RescoreForm = "form[action*='handler=Rescore']";

    [Fact]
    public async Task TheStandardSurvey_HasNoModelUntilTheOwnerChoosesTheDefaultReadinessModel()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _) = await SurveyPages.CreateStandardAsync(owner);

        var details = await owner.GetAsync($"/surveys/{id}");
        Assert.Equal($"/surveys/{id}/scoring", details.Document.QuerySelector("[data-testid=scoring-link]")?.GetAttribute("href"));
        var page = await owner.GetAsync($"/surveys/{id}/scoring");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var expected = DefaultScoringModel.For(await DefinitionAsync(app, id))!;
        Assert.StartsWith("None chosen: results show descriptive statistics only", page.Text("[data-testid=model-source]"), StringComparison.Ordinal);
        Assert.Null(page.Document.QuerySelector("[data-testid=model-hash]"));
        Assert.Null(page.Document.QuerySelector("[data-testid=dimensions]"));
        Assert.Equal(expected.ToJson(), EditorText(page)); // the editor starts from the model on offer
        Assert.Equal("Scoring model (JSON)", page.Document.QuerySelector("label[for=Json]")!.TextContent.Trim());
        Assert.Equal($"/surveys/{id}/results", page.Document.QuerySelector("main a.button[href$='/results']")?.GetAttribute("href"));
        Assert.Null(page.Document.QuerySelector(RescoreForm)); // the survey is open
        Assert.Equal(0, await ModelCountAsync(app, id));

        var chosen = await owner.SubmitAsync(page, "form:has([data-testid=use-default])");

        Assert.Equal("Chose the default readiness model and saved it as version 1.", chosen.Text(".notice"));
        Assert.Equal((expected with { Version = 1 }).ComputeHash(), chosen.Text("[data-testid=model-hash]"));
        Assert.Equal("Score", chosen.Text("[data-testid=dimensions] tbody th"));
        Assert.Equal("1", chosen.Text("[data-testid=dimension-weight]"));
        Assert.Equal(["colour", "fruit", "mood"], chosen.Document.QuerySelectorAll("[data-testid=items] tbody th").Select(c => c.TextContent.Trim()));
        Assert.Equal(["The options' points: red 1, blue 3", "The options' points: apple 2, pear 5", "The scale 1–5"], chosen.Document.QuerySelectorAll("[data-testid=items] tbody td:nth-child(2)").Select(c => c.TextContent.Trim()));
        Assert.Equal(["Foundational", "Approaching", "Aspirational", "Mature"], chosen.Document.QuerySelectorAll("[data-testid=bands] tbody th").Select(c => c.TextContent.Trim()));
        Assert.StartsWith("k = 5", chosen.Text("[data-testid=suppression-k]"), StringComparison.Ordinal);
        Assert.Null(chosen.Document.QuerySelector("[data-testid=use-default]"));
        Assert.Equal(1, await ModelCountAsync(app, id));
    }

    [Fact]
    public async Task AModelWithTwoProblems_ListsBothAndSavesNothing()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _) = await SurveyPages.CreateStandardAsync(owner);
        var page = await owner.GetAsync($"/surveys/{id}/scoring");
        var json = Edit(EditorText(page), document =>
        {
            document["items"]!.AsArray().Add(new JsonObject { ["key"] = "nosuch" });
            document["dimensions"]![0]!["weight"] = 0;
        });

        var result = await owner.SubmitAsync(page, SaveForm, Fields(json));

        Assert.Equal(HttpStatusCode.OK, result.Status);
        var problems = result.Document.QuerySelectorAll("[data-testid=error-summary] [data-testid=problem]").Select(p => p.TextContent.Trim()).ToList();
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("items[3].key", StringComparison.Ordinal) && p.Contains("\"nosuch\" is not a question code", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("dimensions[0].weight", StringComparison.Ordinal) && p.Contains("weight 0; weights must be positive", StringComparison.Ordinal));
        Assert.All(result.Document.QuerySelectorAll("[data-testid=error-summary] a"), a => Assert.Equal("#Json", a.GetAttribute("href")));
        Assert.Equal(Normalise(json), Normalise(EditorText(result)));
        Assert.Equal(0, await ModelCountAsync(app, id));
    }

    [Theory]
    [InlineData("{ \"dimensions\": [ { \"name\": \"Score\", ", "not valid JSON")]
    [InlineData("{ \"dimensions\": [ { \"name\": \"Score\", \"wieght\": 2, \"items\": [ { \"item\": \"mood\" } ] } ], \"items\": [ { \"key\": \"mood\" } ] }", "wieght")]
    public async Task TextThatIsNotAModel_IsRefusedWithTheReason_AndKept(string json, string reason)
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _) = await SurveyPages.CreateStandardAsync(owner);
        var page = await owner.GetAsync($"/surveys/{id}/scoring");

        var result = await owner.SubmitAsync(page, SaveForm, Fields(json));

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Contains(reason, result.Text("[data-testid=error-summary]"), StringComparison.Ordinal);
        Assert.Contains(reason, result.Text("[data-testid=json-error]"), StringComparison.Ordinal);
        var textarea = result.Document.QuerySelector<IHtmlTextAreaElement>("#Json")!;
        Assert.Equal(json, textarea.Value);
        Assert.Contains("json-error", textarea.GetAttribute("aria-describedby")!.Split(' '));
        Assert.Equal("true", textarea.GetAttribute("aria-invalid"));
        Assert.Equal(0, await ModelCountAsync(app, id));
    }

    [Fact]
    public async Task ValidEdits_SaveVersionOneThenTwo_AndAnUnchangedModelSavesNothing()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _) = await SurveyPages.CreateStandardAsync(owner);

        var page = await owner.GetAsync($"/surveys/{id}/scoring");
        Assert.Equal("Save as version 1", page.Text("[data-testid=save]"));
        var first = await owner.SubmitAsync(page, SaveForm, Fields(Edit(EditorText(page), d => d["dimensions"]![0]!["weight"] = 2)));
        Assert.Equal("Saved as version 1.", first.Text(".notice"));
        Assert.StartsWith("Saved version 1,", first.Text("[data-testid=model-source]"), StringComparison.Ordinal);
        Assert.Contains($"by {AppFactory.AdminEmail}", first.Text("[data-testid=model-source]"), StringComparison.Ordinal);
        Assert.Equal("2", first.Text("[data-testid=dimension-weight]"));

        var second = await owner.SubmitAsync(first, SaveForm, Fields(Edit(EditorText(first), d => d["dimensions"]![0]!["weight"] = 3)));
        Assert.Equal("Saved as version 2.", second.Text(".notice"));

        var saved = await app.WithDbAsync(db => db.ScoringModels.AsNoTracking().Where(m => m.SurveyId == id).OrderBy(m => m.Version).ToListAsync());
        Assert.Equal([1, 2], saved.Select(m => m.Version));
        Assert.NotEqual(saved[0].Hash, saved[1].Hash);
        Assert.All(saved, m =>
        {
            var model = ScoringModel.FromJson(m.Json);
            Assert.Equal(m.Version, model.Version);
            Assert.Equal(m.Hash, model.ComputeHash());
        });
        Assert.Equal(3d, ScoringModel.FromJson(saved[1].Json).Dimensions[0].Weight);
        Assert.StartsWith("Saved version 2,", second.Text("[data-testid=model-source]"), StringComparison.Ordinal);
        Assert.Equal(saved[1].Hash, second.Text("[data-testid=model-hash]"));
        Assert.Equal("3", second.Text("[data-testid=dimension-weight]"));
        Assert.Equal(saved[1].Json, EditorText(second));
        Assert.Equal("Save as version 3", second.Text("[data-testid=save]"));

        // The same model again, even with other whitespace and another version number, is no change.
        var again = await owner.SubmitAsync(second, SaveForm, Fields(Edit(EditorText(second), d => d["version"] = 9).Replace("\n", " ", StringComparison.Ordinal)));
        Assert.StartsWith("No change", again.Text(".notice"), StringComparison.Ordinal);
        Assert.Equal(2, await ModelCountAsync(app, id));
    }

    [Fact]
    public async Task Reset_SavesTheDefaultModel_OrSaysThereIsNone()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _) = await SurveyPages.CreateStandardAsync(owner);
        var page = await owner.GetAsync($"/surveys/{id}/scoring");
        var edited = await owner.SubmitAsync(page, SaveForm, Fields(Edit(EditorText(page), d => d["dimensions"]![0]!["weight"] = 2)));

        var reset = await owner.SubmitAsync(edited, ResetForm);

        Assert.Equal("Reset to the default model and saved as version 2.", reset.Text(".notice"));
        var stored = await app.WithDbAsync(db => db.ScoringModels.AsNoTracking().SingleAsync(m => m.SurveyId == id && m.Version == 2));
        var expected = DefaultScoringModel.For(await DefinitionAsync(app, id))! with { Version = 2 };
        Assert.Equal(expected.ComputeHash(), stored.Hash);

        // A survey with nothing that scores has no default model.
        var textOnly = await SurveyPages.CreateAsync(owner, "Words only");
        await SurveyPages.AddValidQuestionAsync(owner, textOnly, QuestionType.ShortText, "city", "Where do you live?");
        var none = await owner.GetAsync($"/surveys/{textOnly}/scoring");
        Assert.StartsWith("None chosen", none.Text("[data-testid=model-source]"), StringComparison.Ordinal);
        Assert.Contains("no question that scores", none.Text("[data-testid=no-default]"), StringComparison.Ordinal);
        Assert.Null(none.Document.QuerySelector("[data-testid=use-default]"));
        var token = none.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var refused = await owner.PostRawAsync($"/surveys/{textOnly}/scoring?handler=Reset", new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        Assert.Contains("no default model", refused.Text("[data-testid=error-summary]"), StringComparison.Ordinal);
        Assert.Equal(0, await ModelCountAsync(app, textOnly));
    }

    [Fact]
    public async Task Reset_OnAFlagshipSurvey_KeepsTheFlagshipModel()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var create = await owner.GetAsync("/surveys/new");
        var edit = await owner.SubmitAsync(create, $"form[action*='handler=Template']:has(input[value='{HealthcareAiAdoption.Template.Key}'])");
        var id = Guid.Parse(new Uri(edit.Url).Segments[^2].TrimEnd('/'));
        var page = await owner.GetAsync($"/surveys/{id}/scoring");
        Assert.Equal(FlagshipScoringModel.Create().Name, page.Text("[data-testid=model-name]"));
        var edited = await owner.SubmitAsync(page, SaveForm, Fields(Edit(EditorText(page), d => d["dimensions"]![0]!["weight"] = 2)));
        Assert.Equal("Saved as version 2.", edited.Text(".notice"));

        var reset = await owner.SubmitAsync(edited, ResetForm);

        Assert.Equal("Reset to the flagship model and saved as version 3.", reset.Text(".notice"));
        var stored = await app.WithDbAsync(db => db.ScoringModels.AsNoTracking().SingleAsync(m => m.SurveyId == id && m.Version == 3));
        Assert.Equal((FlagshipScoringModel.Create() with { Version = 3 }).ComputeHash(), stored.Hash);
        Assert.Equal(6, reset.Document.QuerySelectorAll("[data-testid=dimensions] tbody tr").Length);
        Assert.Equal(["payer", "pharma", "provider"], reset.Document.QuerySelectorAll("[data-testid=jtbd-segments] tbody th").Select(c => c.TextContent.Trim()));
    }

    [Fact]
    public async Task AResearcherReadsTheModel_ButCannotChangeIt_AndAnotherOwnerFindsNothing()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _) = await SurveyPages.CreateStandardAsync(owner, "Owner's survey");
        await app.CreateUserAsync("reader@example.org", Password, Roles.Researcher);
        await app.CreateUserAsync("editor@example.org", Password, Roles.SurveyOwner);
        await app.CreateUserAsync("other@example.org", Password, Roles.SurveyOwner);
        foreach (var (email, role) in new[] { ("reader@example.org", "Researcher"), ("editor@example.org", "Editor") })
        {
            var details = await owner.GetAsync($"/surveys/{id}");
            var shared = await owner.SubmitAsync(details, SurveyPages.ShareForm, new Dictionary<string, string[]> { ["ShareEmail"] = [email], ["ShareRole"] = [role] });
            Assert.Equal(HttpStatusCode.OK, shared.Status);
        }

        using var reader = await app.SignedInAsync("reader@example.org", Password);
        var page = await reader.GetAsync($"/surveys/{id}/scoring");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Null(page.Document.QuerySelector("textarea"));
        Assert.Null(page.Document.QuerySelector(SaveForm));
        Assert.Null(page.Document.QuerySelector(ResetForm));
        Assert.Null(page.Document.QuerySelector("[data-testid=use-default]"));
        var expected = DefaultScoringModel.For(await DefinitionAsync(app, id))!;
        Assert.StartsWith("None chosen", page.Text("[data-testid=model-source]"), StringComparison.Ordinal);
        Assert.Equal(expected.ToJson(), page.Text("[data-testid=model-json]"));

        var json = Edit(expected.ToJson(), d => d["dimensions"]![0]!["weight"] = 2);
        var token = page.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        foreach (var action in ChangingPosts(id))
        {
            var post = await reader.PostRawAsync(action, new Dictionary<string, string> { ["Json"] = json, ["__RequestVerificationToken"] = token });
            Assert.True(post.Status == HttpStatusCode.NotFound, $"A researcher's post to {action} gave {post.Status}.");
        }

        // An editor can change it.
        using var editor = await app.SignedInAsync("editor@example.org", Password);
        var editorPage = await editor.GetAsync($"/surveys/{id}/scoring");
        var saved = await editor.SubmitAsync(editorPage, SaveForm, Fields(json));
        Assert.Equal("Saved as version 1.", saved.Text(".notice"));
        Assert.Contains("by editor@example.org", saved.Text("[data-testid=model-source]"), StringComparison.Ordinal);

        // Another owner: no page, no post (with their own valid token).
        using var other = await app.SignedInAsync("other@example.org", Password);
        var otherGet = await other.GetAsync($"/surveys/{id}/scoring");
        Assert.Equal(HttpStatusCode.NotFound, otherGet.Status);
        Assert.DoesNotContain("Owner's survey", otherGet.Html, StringComparison.Ordinal);
        var otherToken = (await other.GetAsync("/surveys")).Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        foreach (var action in ChangingPosts(id))
        {
            var post = await other.PostRawAsync(action, new Dictionary<string, string> { ["Json"] = json, ["__RequestVerificationToken"] = otherToken });
            Assert.True(post.Status == HttpStatusCode.NotFound, $"Another owner's post to {action} gave {post.Status}.");
        }

        Assert.Equal(1, await ModelCountAsync(app, id));
    }

    [Fact]
    public async Task OnAClosedSurvey_SaveThenRescore_QueuesARescoreRun()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        using var respondent = app.Session();
        await SurveyPages.AnswerStandardAsync(respondent, code, "blue", ["apple"], 4, "Leeds", "40");
        await SurveyPages.CloseAsync(owner, id);
        // Let the close's own run finish first: a rescore while a run is still queued joins that run.
        await SurveyPages.EventuallyAsync(
            () => app.WithDbAsync(db => db.ScoringRuns.AsNoTracking().FirstOrDefaultAsync(r => r.SurveyId == id && (r.Status == ScoringRunStatus.Succeeded || r.Status == ScoringRunStatus.Failed))),
            TimeSpan.FromSeconds(30), "the close's scoring run");

        var page = await owner.GetAsync($"/surveys/{id}/scoring");
        var saved = await owner.SubmitAsync(page, SaveForm, Fields(Edit(EditorText(page), d => d["dimensions"]![0]!["weight"] = 2)));
        Assert.Contains("re-score", saved.Text(".notice"), StringComparison.Ordinal);
        // The form posts to the Results page's re-score handler.
        Assert.Equal($"/surveys/{id}/results?handler=Rescore", saved.Document.QuerySelector(RescoreForm)?.GetAttribute("action"));

        var results = await owner.SubmitAsync(saved, RescoreForm);

        Assert.Equal(HttpStatusCode.OK, results.Status);
        Assert.EndsWith($"/surveys/{id}/results", new Uri(results.Url).AbsolutePath, StringComparison.Ordinal);
        Assert.Contains("Re-scoring is queued", results.Text(".notice"), StringComparison.Ordinal);
        Assert.Single(results.Document.QuerySelectorAll(".notice"), n => n.TextContent.Contains("Re-scoring is queued", StringComparison.Ordinal)); // shown once, by the layout
        Assert.True(await app.WithDbAsync(db => db.ScoringRuns.AnyAsync(r => r.SurveyId == id && r.Trigger == "rescore")));
    }

    /// <summary>Every post that changes the model or starts a run: save and reset here, re-score on the Results page.</summary>
    private static string[] ChangingPosts(Guid id) =>
        [$"/surveys/{id}/scoring?handler=Save", $"/surveys/{id}/scoring?handler=Reset", $"/surveys/{id}/results?handler=Rescore"];

    private static Dictionary<string, string[]> Fields(string json) => new() { ["Json"] = [json] };

    /// <summary>The text in the editor as the browser would submit it.</summary>
    private static string EditorText(Page page) =>
        page.Document.QuerySelector<IHtmlTextAreaElement>("#Json")?.Value
        ?? throw new InvalidOperationException($"The page has no model editor:\n{page.Text("main")}");

    private static string Edit(string json, Action<JsonNode> change)
    {
        var document = JsonNode.Parse(json)!;
        change(document);
        return document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    private static string Normalise(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static Task<int> ModelCountAsync(AppFactory app, Guid id) =>
        app.WithDbAsync(db => db.ScoringModels.CountAsync(m => m.SurveyId == id));

    private static Task<SurveyDefinition> DefinitionAsync(AppFactory app, Guid id) =>
        app.WithDbAsync(async db => (await db.SurveyVersions.AsNoTracking().Where(v => v.SurveyId == id).OrderByDescending(v => v.Number).FirstAsync()).Definition);
}
