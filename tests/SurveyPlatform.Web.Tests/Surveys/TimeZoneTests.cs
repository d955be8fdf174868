using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Surveys;

/// <summary>Opening and closing times are entered and shown in the owner's time zone and stored in UTC, across daylight saving.</summary>
public sealed class TimeZoneTests
{
    [Fact]
    public async Task TimesInBerlin_AreStoredAsUtc_InWinterAndSummer_ShownBackAsEntered_AndASkippedTimeIsRefused()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        var year = DateTime.UtcNow.Year + 1;

        var details = await owner.GetAsync($"/surveys/{id}");
        var zoned = await owner.SubmitAsync(details, "form[action*='handler=TimeZone']", new Dictionary<string, string[]> { ["TimeZone"] = ["Europe/Berlin"] });
        var saved = await owner.SubmitAsync(zoned, "form[action*='handler=Responding']", new Dictionary<string, string[]>
        {
            ["Responding.OpensAt"] = [$"{year}-01-15T10:00:00"],
        });
        Assert.Equal("Respondent settings saved.", saved.Text(".notice"));
        var closed = await owner.SubmitAsync(saved, SurveyPages.ScheduleForm, new Dictionary<string, string[]> { ["CloseAt"] = [$"{year}-07-15T10:00:00"] });
        Assert.Equal("Close time saved.", closed.Text(".notice"));

        var survey = await app.WithDbAsync(db => db.Surveys.AsNoTracking().SingleAsync(s => s.Id == id));
        Assert.Equal("Europe/Berlin", survey.TimeZone);
        Assert.Equal(new DateTime(year, 1, 15, 9, 0, 0, DateTimeKind.Utc), survey.OpensAt); // CET = UTC+1
        Assert.Equal(new DateTime(year, 7, 15, 8, 0, 0, DateTimeKind.Utc), survey.CloseAt); // CEST = UTC+2
        Assert.Equal($"{year}-07-15 10:00 Europe/Berlin", closed.Text("[data-testid=closes]"));
        Assert.Equal($"{year}-01-15T10:00:00", closed.Document.QuerySelector("#Responding_OpensAt")!.GetAttribute("value"));
        Assert.Equal("Close at (Europe/Berlin)", closed.Text("label[for=CloseAt]"));

        // Respondents see the opening time as the owner set it.
        using var visitor = app.Session();
        var notOpen = await visitor.GetAsync($"/s/{code}");
        Assert.Contains($"15 January {year}, 10:00 Europe/Berlin", notOpen.Text("[data-testid=not-yet-open]"), StringComparison.Ordinal);

        // 02:30 on the last Sunday of March does not exist in Berlin.
        var lastSunday = Enumerable.Range(25, 7).Select(d => new DateTime(year, 3, d)).Single(d => d.DayOfWeek == DayOfWeek.Sunday);
        var skipped = await owner.SubmitAsync(closed, SurveyPages.ScheduleForm, new Dictionary<string, string[]> { ["CloseAt"] = [$"{lastSunday:yyyy-MM-dd}T02:30:00"] });
        Assert.Contains("does not exist in Europe/Berlin", skipped.Text(SurveyPages.ScheduleForm), StringComparison.Ordinal);
        Assert.Equal(new DateTime(year, 7, 15, 8, 0, 0, DateTimeKind.Utc), (await app.WithDbAsync(db => db.Surveys.AsNoTracking().SingleAsync(s => s.Id == id))).CloseAt);

        // An unknown zone is refused beside its field.
        var unknown = await owner.PostRawAsync($"/surveys/{id}?handler=TimeZone", new Dictionary<string, string>
        {
            ["TimeZone"] = "Mars/Olympus",
            ["__RequestVerificationToken"] = closed.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        });
        Assert.Contains("Choose a time zone such as Europe/Berlin", unknown.Text("form[action*='handler=TimeZone']"), StringComparison.Ordinal);
    }
}
