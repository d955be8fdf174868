using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Distribution;

/// <summary>Owners correct one person at a time, with the same checks as adding.</summary>
public sealed class ParticipantEditTests
{
    [Fact]
    public async Task EditingAPerson_SavesTheirDetails_AndAnAddressAnotherPersonHasIsRefusedBesideTheField()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _) = await SurveyPages.CreateStandardAsync(owner);
        foreach (var email in new[] { "ana@example.org", "bo@example.org" })
        {
            await owner.SubmitAsync(await owner.GetAsync($"/surveys/{id}/participants"), "form[action*='handler=Add']", new Dictionary<string, string[]> { ["Email"] = [email], ["Attributes"] = ["segment: payer"] });
        }

        var anaId = await app.WithDbAsync(db => db.Participants.Where(p => p.Email == "ana@example.org").Select(p => p.Id).SingleAsync());
        var edit = await owner.GetAsync($"/surveys/{id}/participants?edit={anaId}");
        Assert.Equal("ana@example.org", edit.Document.QuerySelector("#person-form #Email")!.GetAttribute("value"));
        Assert.Equal("segment: payer", edit.Text("#person-form #Attributes"));

        var refused = await owner.SubmitAsync(edit, "#person-form", new Dictionary<string, string[]> { ["Email"] = ["BO@example.org"] });
        Assert.Contains("Another participant of this survey has this address.", refused.Text("#person-form"), StringComparison.Ordinal);

        var saved = await owner.SubmitAsync(edit, "#person-form", new Dictionary<string, string[]>
        {
            ["Email"] = ["ana.lima@example.org"],
            ["FirstName"] = ["Ana"],
            ["LastName"] = ["Lima"],
            ["Attributes"] = ["segment: provider\norganisation: St Mary's"],
        });
        Assert.Equal("ana.lima@example.org saved.", saved.Text(".notice"));
        var ana = await app.WithDbAsync(db => db.Participants.AsNoTracking().SingleAsync(p => p.Id == anaId));
        Assert.Equal(("ana.lima@example.org", "Ana", "Lima"), (ana.Email, ana.FirstName, ana.LastName));
        Assert.Equal(new Dictionary<string, string> { ["organisation"] = "St Mary's", ["segment"] = "provider" }, ana.Attributes);
    }
}
