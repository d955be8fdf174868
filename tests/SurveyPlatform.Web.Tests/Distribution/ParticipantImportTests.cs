using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Distribution;

/// <summary>The participant CSV upload: a preview with every problem by line, nothing stored until the owner confirms.</summary>
public sealed class ParticipantImportTests
{
    private const string BadRows =
        "Email,First name,Last name,Organisation,Segment\r\n" +
        "ana@example.org,Ana,Lima,St Mary's,provider\r\n" +
        "not-an-address,Bo,Berg,North,payer\r\n" +
        "cy@example.org,Cy,Dahl,\"Dahl, Dahl & Co\",payer\r\n" +
        "Ana@Example.org,Ana,Twice,,\r\n" +
        "OLD@example.org,Old,Timer,,\r\n";

    private static async Task<Guid> SurveyWithOneParticipantAsync(HtmlSession owner, string email = "old@example.org")
    {
        var (id, _) = await SurveyPages.CreateStandardAsync(owner);
        var page = await owner.GetAsync($"/surveys/{id}/participants");
        await owner.SubmitAsync(page, "form[action*='handler=Add']", new Dictionary<string, string[]> { ["Email"] = [email] });
        return id;
    }

    private static async Task<Page> UploadAsync(HtmlSession session, Guid id, byte[] content, string fileName = "people.csv")
    {
        var page = await session.GetAsync($"/surveys/{id}/participants/import");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var token = page.Document.QuerySelector("form[action*='handler=Preview'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return await PostFileAsync(session, id, token, content, fileName);
    }

    private static async Task<Page> PostFileAsync(HtmlSession session, Guid id, string token, byte[] content, string fileName)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv");
        form.Add(file, "file", fileName);
        var response = await session.Client.PostAsync(new Uri($"/surveys/{id}/participants/import?handler=Preview", UriKind.Relative), form);
        return await Page.FromAsync(response);
    }

    private static Task<Page> ConfirmAsync(HtmlSession session, Page preview) => session.SubmitAsync(preview, "form[action*='handler=Confirm']");

    private static Dictionary<int, string> Problems(Page preview) =>
        preview.Document.QuerySelectorAll("[data-testid=problem]").ToDictionary(tr => int.Parse(tr.GetAttribute("data-line")!, System.Globalization.CultureInfo.InvariantCulture), tr => tr.TextContent);

    private static async Task<List<Participant>> ParticipantsAsync(AppFactory app, Guid id) =>
        [.. (await app.WithDbAsync(db => db.Participants.AsNoTracking().Where(p => p.SurveyId == id).ToListAsync())).OrderBy(p => p.Email, StringComparer.OrdinalIgnoreCase)];

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task AFileWithBadRows_ShowsTheReportByLine_ImportsNothingUntilConfirmed_ThenExactlyTheValidRows(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var id = await SurveyWithOneParticipantAsync(owner);

        var preview = await UploadAsync(owner, id, Encoding.UTF8.GetBytes(BadRows));
        Assert.Equal(HttpStatusCode.OK, preview.Status);
        Assert.Equal(("5", "2", "3"), (preview.Text("[data-testid=row-count]"), preview.Text("[data-testid=importable-count]"), preview.Text("[data-testid=refused-count]")));
        var problems = Problems(preview);
        Assert.Equal([3, 5, 6], problems.Keys.Order());
        Assert.Contains("\"not-an-address\" is not an e-mail address", problems[3], StringComparison.Ordinal);
        Assert.Contains("Ana@Example.org", problems[5], StringComparison.Ordinal);
        Assert.Contains("The same e-mail address as line 2.", problems[5], StringComparison.Ordinal);
        Assert.Contains("Already a participant of this survey.", problems[6], StringComparison.Ordinal);
        Assert.Equal(5, preview.Document.QuerySelectorAll("[data-testid=preview-row]").Length);
        Assert.Contains("Dahl, Dahl & Co", preview.Text("[data-testid=preview-row][data-line='4']"), StringComparison.Ordinal);
        Assert.Contains("Import 2 participants", preview.Text("form[action*='handler=Confirm'] button"), StringComparison.Ordinal);
        Assert.Equal(["old@example.org"], (await ParticipantsAsync(app, id)).Select(p => p.Email));

        var done = await ConfirmAsync(owner, preview);
        Assert.Equal(HttpStatusCode.OK, done.Status);
        Assert.Equal($"/surveys/{id}/participants", new Uri(done.Url).AbsolutePath);
        Assert.Contains("2 participants imported.", done.Text("main .notice"), StringComparison.Ordinal);
        Assert.Equal("3", done.Text("[data-testid=participant-count]"));

        var stored = await ParticipantsAsync(app, id);
        Assert.Equal(["ana@example.org", "cy@example.org", "old@example.org"], stored.Select(p => p.Email));
        var ana = stored[0];
        Assert.Equal(("Ana", "Lima", ParticipantStatus.Pending), (ana.FirstName, ana.LastName, ana.Status));
        Assert.Equal(new Dictionary<string, string> { ["organisation"] = "St Mary's", ["segment"] = "provider" }, ana.Attributes);
        Assert.Equal(new Dictionary<string, string> { ["organisation"] = "Dahl, Dahl & Co", ["segment"] = "payer" }, stored[1].Attributes);
        Assert.All(stored, p => Assert.Equal(Participant.TokenHashLength, p.TokenHash?.Length));
        Assert.Equal(3, stored.Select(p => p.TokenHash).Distinct().Count());
        Assert.Empty(done.Document.QuerySelectorAll("[data-testid=issued-link]"));

        // Confirming the same preview again adds nobody: everyone is now on the list.
        var again = await ConfirmAsync(owner, preview);
        Assert.Contains("Nothing was imported", again.Text("#confirm-error"), StringComparison.Ordinal);
        Assert.Equal(3, (await ParticipantsAsync(app, id)).Count);
    }

    [Fact]
    public async Task Confirm_ChecksAgainstTheListAsItIsThen()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var id = await SurveyWithOneParticipantAsync(owner);
        var preview = await UploadAsync(owner, id, Encoding.UTF8.GetBytes(BadRows));
        Assert.Equal("2", preview.Text("[data-testid=importable-count]"));

        // Someone adds Cy by hand while the preview is open.
        var participants = await owner.GetAsync($"/surveys/{id}/participants");
        await owner.SubmitAsync(participants, "form[action*='handler=Add']", new Dictionary<string, string[]> { ["Email"] = ["CY@example.org"], ["FirstName"] = ["Cy"] });

        var done = await ConfirmAsync(owner, preview);
        Assert.Contains("1 participant imported. 4 rows were not imported.", done.Text("main .notice"), StringComparison.Ordinal);
        Assert.Equal(["ana@example.org", "CY@example.org", "old@example.org"], (await ParticipantsAsync(app, id)).Select(p => p.Email));
    }

    [Fact]
    public async Task ASemicolonFileAndABomFile_AreImported()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _) = await SurveyPages.CreateStandardAsync(owner);

        var semicolon = await UploadAsync(owner, id, Encoding.UTF8.GetBytes("e-mail;first_name;surname;Région\nana@example.org;Ana;Lima;Nord, Ost\nbo@example.org;Bo;Berg;Süd\n"));
        Assert.Equal("0", semicolon.Text("[data-testid=refused-count]"));
        Assert.Contains("region", semicolon.Text("[data-testid=columns]"), StringComparison.Ordinal);
        Assert.Contains("2 participants imported.", (await ConfirmAsync(owner, semicolon)).Text("main .notice"), StringComparison.Ordinal);

        var bom = await UploadAsync(owner, id, [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("Email,First Name,Last Name\ncy@example.org,Cy,Dåhl\n")]);
        Assert.Equal("1", bom.Text("[data-testid=importable-count]"));
        Assert.Contains("1 participant imported.", (await ConfirmAsync(owner, bom)).Text("main .notice"), StringComparison.Ordinal);

        var stored = await ParticipantsAsync(app, id);
        Assert.Equal(["ana@example.org", "bo@example.org", "cy@example.org"], stored.Select(p => p.Email));
        Assert.Equal(new Dictionary<string, string> { ["region"] = "Nord, Ost" }, stored[0].Attributes);
        Assert.Equal(("Bo", "Berg", "Süd"), (stored[1].FirstName, stored[1].LastName, stored[1].Attributes["region"]));
        Assert.Equal(("Cy", "Dåhl"), (stored[2].FirstName, stored[2].LastName));
        Assert.Empty(stored[2].Attributes);
    }

    public static TheoryData<string, byte[], string> NotAList => new()
    {
        { "photo.csv", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0xFF, 0x00, 0x7F], "This is not a CSV file" },
        { "people.xlsx", [(byte)'P', (byte)'K', 3, 4, 20, 0, 6, 0, 8, 0, 0, 0, 33, 0], "Excel workbook" },
        { "people.csv", Encoding.UTF8.GetBytes("name,organisation\nAna,St Mary's\n"), "No e-mail column" },
        { "empty.csv", [], "The file is empty." },
    };

    [Theory]
    [MemberData(nameof(NotAList))]
    public async Task AFileThatIsNotAParticipantList_GetsAClearErrorBesideTheUploadField(string name, byte[] content, string message)
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _) = await SurveyPages.CreateStandardAsync(owner);

        var page = await UploadAsync(owner, id, content, name);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(message, page.Text("form[action*='handler=Preview'] #file-error"), StringComparison.Ordinal);
        Assert.Null(page.Document.QuerySelector("form[action*='handler=Confirm']"));
        Assert.Empty(await ParticipantsAsync(app, id));
    }

    [Fact]
    public async Task ATamperedPreview_IsRefusedBesideTheUploadField_AndImportsNothing()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _) = await SurveyPages.CreateStandardAsync(owner);
        var preview = await UploadAsync(owner, id, Encoding.UTF8.GetBytes("email\nana@example.org\n"));
        var payload = preview.Document.QuerySelector("input[name=payload]")!.GetAttribute("value")!;

        var tampered = await owner.SubmitAsync(preview, "form[action*='handler=Confirm']", new Dictionary<string, string[]> { ["payload"] = [payload[..^8] + "AAAAAAA="] });
        Assert.Equal(HttpStatusCode.OK, tampered.Status);
        Assert.Contains("This preview has expired or is not valid", tampered.Text("#file-error"), StringComparison.Ordinal);
        Assert.Empty(await ParticipantsAsync(app, id));
    }

    [Fact]
    public async Task AnotherOwner_Gets404_OnThePage_OnAnUpload_AndOnAForgedConfirm()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var id = await SurveyWithOneParticipantAsync(owner);
        var preview = await UploadAsync(owner, id, Encoding.UTF8.GetBytes(BadRows));
        var payload = preview.Document.QuerySelector("input[name=payload]")!.GetAttribute("value")!;

        await app.CreateUserAsync("other@example.org", "another long password", AppFactory.OwnerRoles);
        using var other = await app.SignedInAsync("other@example.org", "another long password");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/surveys/{id}/participants/import")).Status);
        var token = (await other.GetAsync("/surveys")).Document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? string.Empty;

        var upload = await PostFileAsync(other, id, token, Encoding.UTF8.GetBytes(BadRows), "people.csv");
        Assert.Equal(HttpStatusCode.NotFound, upload.Status);
        var forged = await other.PostRawAsync($"/surveys/{id}/participants/import?handler=Confirm", new Dictionary<string, string>
        {
            ["payload"] = payload,
            ["__RequestVerificationToken"] = token,
        });
        Assert.Equal(HttpStatusCode.NotFound, forged.Status);
        Assert.Equal(["old@example.org"], (await ParticipantsAsync(app, id)).Select(p => p.Email));
    }
}
