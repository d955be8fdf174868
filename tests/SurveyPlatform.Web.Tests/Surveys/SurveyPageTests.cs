using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Surveys;

/// <summary>The owner's survey page (/surveys/{id}): editing, closing with confirmation, reopening, the public link and times in the survey's zone.</summary>
public sealed class SurveyPageTests
{
    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task EditQuestions_OnAnOpenSurveysPage_StartsTheNextVersion_AsTheEditorDoes(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _) = await SurveyPages.CreateStandardAsync(owner);

        var details = await owner.GetAsync($"/surveys/{id}");
        Assert.Equal("Edit questions", details.Text("[data-testid=edit-questions-form] button"));
        Assert.Contains("starts version 2", details.Text("#edit-questions-hint"), StringComparison.Ordinal);

        var editor = await owner.SubmitAsync(details, "[data-testid=edit-questions-form]");
        Assert.EndsWith($"/surveys/{id}/edit", editor.Url, StringComparison.Ordinal);
        Assert.Equal("You are editing version 2. Version 1 stays live until you publish.", editor.Text(".notice"));
        var survey = await app.WithDbAsync(db => db.Surveys.AsNoTracking().SingleAsync(s => s.Id == id));
        Assert.True(survey.IsRevising);
        Assert.Equal(SurveyStatus.Open, survey.Status);
        Assert.Equal(1, survey.PublishedVersion);

        // While the revision is open the page links straight to the editor; nothing else changed.
        var revising = await owner.GetAsync($"/surveys/{id}");
        Assert.Equal($"/surveys/{id}/edit", revising.Document.QuerySelector("a[data-testid=edit-questions]")?.GetAttribute("href"));
        Assert.Null(revising.Document.QuerySelector("[data-testid=edit-questions-form]"));
        Assert.Equal("Open", revising.Text("[data-testid=status]"));
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task EditQuestions_OnADraftsPage_IsALinkToTheEditor_AndAClosedSurveyHasNone(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var draft = await SurveyPages.CreateAsync(owner, "Still a draft");

        var page = await owner.GetAsync($"/surveys/{draft}");
        Assert.Equal($"/surveys/{draft}/edit", page.Document.QuerySelector("a[data-testid=edit-questions]")?.GetAttribute("href"));
        Assert.Equal("Edit questions", page.Text("a[data-testid=edit-questions]"));

        var (closed, _) = await SurveyPages.CreateStandardAsync(owner);
        await SurveyPages.CloseAsync(owner, closed);
        var closedPage = await owner.GetAsync($"/surveys/{closed}");
        Assert.Equal("Closed", closedPage.Text("[data-testid=status]"));
        Assert.Null(closedPage.Document.QuerySelector("[data-testid=edit-questions]"));
        Assert.Null(closedPage.Document.QuerySelector("[data-testid=edit-questions-form]"));
    }
}
