using System.Net;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Audit;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Audit;

/// <summary>The append-only, hash-chained audit trail: what it records, what refuses to change it, and how a change is found.</summary>
public sealed class AuditTrailTests
{
    private const string Password = "a colleague's password";

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task EveryWiredAction_DrivenThroughThePages_IsRecordedWithItsActorAndSurvey_AndTheChainIsWhole(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        var readerId = await app.CreateUserAsync("reader@example.org", Password, Roles.Researcher);

        using (var stranger = app.Session())
        {
            var refused = await stranger.SubmitAsync(await stranger.GetAsync("/account/login"), "form", new Dictionary<string, string[]> { ["Input.Email"] = [AppFactory.AdminEmail], ["Input.Password"] = ["not the password"] });
            Assert.Contains("not right", refused.Html, StringComparison.Ordinal);
        }

        using var owner = await app.SignedInAsync();
        var (id, _) = await SurveyPages.CreateStandardAsync(owner);
        await owner.SubmitAsync(await owner.GetAsync($"/surveys/{id}"), SurveyPages.ShareForm, new Dictionary<string, string[]> { ["ShareEmail"] = ["reader@example.org"], ["ShareRole"] = ["Researcher"] });
        await owner.SubmitAsync(await owner.GetAsync($"/surveys/{id}/participants"), "form[action*='handler=Add']", new Dictionary<string, string[]> { ["Email"] = ["ana@example.org"] });
        var anaId = await app.WithDbAsync(db => db.Participants.Where(p => p.Email == "ana@example.org").Select(p => p.Id).SingleAsync());
        await owner.SubmitAsync(await owner.GetAsync($"/surveys/{id}/participants"), $"form[action*='handler=Remove']:has(input[name=participantId][value='{anaId}'])");
        await owner.Client.GetByteArrayAsync(new Uri($"/surveys/{id}/results?handler=Csv", UriKind.Relative));
        await SurveyPages.CloseAsync(owner, id);
        await owner.SubmitAsync(await owner.GetAsync($"/surveys/{id}/results"), "form[action*='handler=Rescore']");
        await owner.SubmitAsync(await owner.GetAsync("/admin/users"), $"form[action*='handler=Roles']:has(input[name=userId][value='{readerId}'])", new Dictionary<string, string[]> { ["roles"] = [Roles.Researcher, Roles.SurveyOwner] });
        var draft = await SurveyPages.CreateAsync(owner, "A draft to delete");
        await owner.SubmitAsync(await owner.GetAsync("/surveys"), $"form[action*='handler=Delete']:has(input[value='{draft}'])");
        Assert.False(await app.WithDbAsync(db => db.Surveys.AnyAsync(s => s.Id == draft)));

        var adminId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == AppFactory.AdminEmail).Select(u => u.Id).SingleAsync());
        var entries = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync());
        var kinds = entries.Select(e => (e.Kind, e.SurveyId)).ToList();
        Assert.Equal(
            [
                (AuditKinds.SignInFailed, null),
                (AuditKinds.SignIn, null),
                (AuditKinds.SurveyPublished, id),
                (AuditKinds.SurveyShared, id),
                (AuditKinds.ParticipantsChanged, id),
                (AuditKinds.ParticipantDeleted, id),
                (AuditKinds.Download, id),
                (AuditKinds.SurveyClosed, id),
                (AuditKinds.Rescore, id),
                (AuditKinds.RolesChanged, null),
                (AuditKinds.SurveyDeleted, draft),
            ],
            kinds.Select(k => (k.Kind, k.SurveyId)).ToList());
        Assert.Equal(AuditActor.Anonymous, entries[0].ActorId);
        Assert.Equal(AppFactory.AdminEmail, entries[0].ActorEmail);
        Assert.All(entries.Skip(1), e => Assert.Equal(adminId, e.ActorId));
        Assert.Contains("responses-csv", entries[6].What, StringComparison.Ordinal);
        Assert.DoesNotContain("not the password", string.Join("\n", entries.Select(e => e.What)), StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), entries.Select(e => e.Sequence));

        var verified = await app.WithDbAsync(db => AuditChain.VerifyAsync(db, CancellationToken.None));
        Assert.True(verified.Ok, verified.Describe());
        Assert.Equal(entries.Count, verified.Checked);
        Assert.Equal(entries[^1].Hash, verified.HeadHash);
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task TheDatabase_RefusesUpdateAndDeleteOfAnAuditRow_AndTheRowStaysAsItWas(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        await RecordAsync(app, 2);

        foreach (var sql in new[] { "UPDATE \"AuditEntries\" SET \"What\" = 'rewritten' WHERE \"Sequence\" = 1", "DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = 2" })
        {
            var failure = await Assert.ThrowsAnyAsync<Exception>(() => ExecuteAsync(database, sql));
            Assert.Contains("append-only", failure.Message, StringComparison.Ordinal);
        }

        if (provider == DatabaseProviderKind.PostgreSql)
        {
            var failure = await Assert.ThrowsAnyAsync<Exception>(() => ExecuteAsync(database, "TRUNCATE \"AuditEntries\""));
            Assert.Contains("append-only", failure.Message, StringComparison.Ordinal);
        }

        var entries = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync());
        Assert.Equal([1L, 2L], entries.Select(e => e.Sequence));
        Assert.Equal("entry 1", entries[0].What);
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task ARowChangedBehindTheAppsBack_IsReportedByVerify_AtItsSequence_OnTheAdminPage(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        await RecordAsync(app, 4);
        using var admin = await app.SignedInAsync(); // the sign-in is entry 5
        var whole = await admin.SubmitAsync(await admin.GetAsync("/admin/audit"), "form[action*='handler=Verify']");
        Assert.Contains("Audit trail OK: 5 entries", whole.Text("[data-testid=audit-verification]"), StringComparison.Ordinal);

        // Someone with the database's owner rights switches the triggers off and edits entry 3.
        await TamperAsync(database, "UPDATE \"AuditEntries\" SET \"What\" = 'nothing happened' WHERE \"Sequence\" = 3");

        var broken = await app.WithDbAsync(db => AuditChain.VerifyAsync(db, CancellationToken.None));
        Assert.False(broken.Ok);
        Assert.Equal(3, broken.BrokenAt);
        Assert.Equal(2, broken.Checked);
        var page = await admin.SubmitAsync(await admin.GetAsync("/admin/audit"), "form[action*='handler=Verify']");
        Assert.Contains("BROKEN at sequence 3", page.Text("[data-testid=audit-verification]"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerifyCommand_ExitsZeroOnAWholeChain_AndOneWithTheSequenceOfADeletedRow()
    {
        await using var database = TestDatabase.Sqlite();
        await using (var app = new AppFactory(database))
        {
            await RecordAsync(app, 3);
        }

        var (code, output) = await RunVerifyAsync(database);
        Assert.True(code == 0, output);
        Assert.Contains("Audit trail OK: 3 entries", output, StringComparison.Ordinal);

        await TamperAsync(database, "DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = 2");
        (code, output) = await RunVerifyAsync(database);
        Assert.Equal(1, code);
        Assert.Contains("BROKEN at sequence 2", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task ConcurrentAppends_FromManyRequests_KeepOneChainWithoutGapsOrForks(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        const int Writers = 24;
        _ = app.Services; // start the app (and migrate) once, before the writers race
        await Task.WhenAll(Enumerable.Range(1, Writers).Select(i => Task.Run(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AuditTrail>().RecordAsync(AuditKinds.SettingsChanged, null, $"writer {i}", CancellationToken.None);
        })));

        var entries = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync());
        Assert.Equal(Enumerable.Range(1, Writers).Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.Equal(Writers, entries.Select(e => e.What).Distinct().Count());
        Assert.Equal(Writers, entries.Select(e => e.PreviousHash).Distinct().Count());
        var verified = await app.WithDbAsync(db => AuditChain.VerifyAsync(db, CancellationToken.None));
        Assert.True(verified.Ok, verified.Describe());
    }

    [Fact]
    public void AuditEntry_HasNoPublicWayToChangeIt()
    {
        var type = typeof(AuditEntry);
        Assert.All(type.GetProperties(BindingFlags.Public | BindingFlags.Instance), p => Assert.True(p.SetMethod is null || !p.SetMethod.IsPublic, $"{p.Name} has a public setter"));
        Assert.Empty(type.GetFields(BindingFlags.Public | BindingFlags.Instance));
        var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(m => !m.IsSpecialName).Select(m => m.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["Canonical", "ComputeHash"], methods); // both only read
        Assert.Empty(type.GetConstructors(BindingFlags.Public | BindingFlags.Instance));
    }

    [Fact]
    public async Task EntityFramework_RefusesToSaveAChangedOrRemovedAuditEntry_AndASurveysDeletionLeavesItsEntries()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        await RecordAsync(app, 2);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var first = await db.AuditEntries.SingleAsync(e => e.Sequence == 1);
            db.Entry(first).Property(e => e.What).CurrentValue = "rewritten";
            var changed = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            Assert.Contains("append-only", changed.Message, StringComparison.Ordinal);
            db.ChangeTracker.Clear();
            db.AuditEntries.Remove(await db.AuditEntries.SingleAsync(e => e.Sequence == 2));
            var removed = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            Assert.Contains("cannot be deleted", removed.Message, StringComparison.Ordinal);
        }

        // A context built without the app (as a tool would) has the guard too.
        await using (var bare = database.Context())
        {
            bare.AuditEntries.Remove(await bare.AuditEntries.SingleAsync(e => e.Sequence == 1));
            await Assert.ThrowsAsync<InvalidOperationException>(() => bare.SaveChangesAsync());
        }

        Assert.Empty(await app.WithDbAsync(db => Task.FromResult(db.Model.FindEntityType(typeof(AuditEntry))!.GetForeignKeys().ToList())));
        Assert.Equal(["entry 1", "entry 2"], await app.WithDbAsync(db => db.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.What).ToListAsync()));
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task Administrators_FilterPageAndExportTheTrail_OwnersSeeOnlyTheirSurveys_AndEveryoneElseIsRefused(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        await app.CreateUserAsync("owner@example.org", Password, Roles.SurveyOwner);
        await app.CreateUserAsync("other@example.org", Password, Roles.SurveyOwner);
        await app.CreateUserAsync("reader@example.org", Password, Roles.Researcher);

        using (var hostile = app.Session())
        {
            await hostile.SubmitAsync(await hostile.GetAsync("/account/login"), "form", new Dictionary<string, string[]> { ["Input.Email"] = ["=1+2@example.org"], ["Input.Password"] = ["whatever it is"] });
        }

        using var owner = await app.SignedInAsync("owner@example.org", Password);
        var (mine, _) = await SurveyPages.CreateStandardAsync(owner, "Mine");
        await owner.SubmitAsync(await owner.GetAsync($"/surveys/{mine}"), SurveyPages.ShareForm, new Dictionary<string, string[]> { ["ShareEmail"] = ["reader@example.org"], ["ShareRole"] = ["Researcher"] });
        using var other = await app.SignedInAsync("other@example.org", Password);
        var (theirs, _) = await SurveyPages.CreateStandardAsync(other, "Theirs");
        using var admin = await app.SignedInAsync();

        // Filter by kind, by user and by survey; a day range that excludes everything.
        var page = await admin.GetAsync($"/admin/audit?Kind={AuditKinds.SurveyPublished}");
        Assert.Equal(2, Rows(page).Count);
        Assert.All(Rows(page), r => Assert.Equal(AuditKinds.SurveyPublished, r[5]));
        page = await admin.GetAsync("/admin/audit?User=other@");
        Assert.Equal(["survey-published", "sign-in"], Rows(page).Select(r => r[5]));
        page = await admin.GetAsync($"/admin/audit?Survey={mine}");
        Assert.Equal(["survey-shared", "survey-published"], Rows(page).Select(r => r[5]));
        page = await admin.GetAsync("/admin/audit?From=2001-01-01&To=2001-01-02");
        Assert.NotNull(page.Document.QuerySelector("[data-testid=no-audit-entries]"));
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        page = await admin.GetAsync($"/admin/audit?From={today}&To={today}&User=owner@");
        Assert.Equal(3, Rows(page).Count);

        // Paging: 50 a page, newest first.
        await RecordAsync(app, 60);
        var total = await app.WithDbAsync(db => db.AuditEntries.CountAsync());
        page = await admin.GetAsync("/admin/audit");
        Assert.Equal(AuditFilter.PageSize, Rows(page).Count);
        Assert.Equal(total.ToString(System.Globalization.CultureInfo.InvariantCulture), Rows(page)[0][0]);
        page = await admin.GetAsync("/admin/audit?PageNumber=2");
        Assert.Equal(total - AuditFilter.PageSize, Rows(page).Count);

        // The export: every entry that passes the filter, formula-safe, and itself recorded.
        var csv = CsvText.Parse(await admin.Client.GetStringAsync(new Uri($"/admin/audit?handler=Export&Kind={AuditKinds.SignInFailed}", UriKind.Relative)));
        Assert.Equal(AuditFilter.CsvHeader, csv[0]);
        Assert.Single(csv.Skip(1));
        Assert.Equal("'=1+2@example.org", csv[1][3]);
        var exported = await app.WithDbAsync(db => db.AuditEntries.OrderByDescending(e => e.Sequence).FirstAsync());
        Assert.Equal(AuditKinds.AuditExported, exported.Kind);
        Assert.Contains("1 audit entry", exported.What, StringComparison.Ordinal);

        // The owner sees their survey's entries, and only those; the export is scoped the same way.
        var own = await owner.GetAsync($"/surveys/{mine}/audit");
        Assert.Equal(HttpStatusCode.OK, own.Status);
        Assert.Equal(["survey-shared", "survey-published"], Rows(own).Select(r => r[5]));
        var ownCsv = CsvText.Parse(await owner.Client.GetStringAsync(new Uri($"/surveys/{mine}/audit?handler=Export&Survey={theirs}", UriKind.Relative)));
        Assert.All(ownCsv.Skip(1), r => Assert.Equal(mine.ToString(), r[6]));
        Assert.Equal(2, ownCsv.Count - 1);

        // Another owner, a researcher it is shared with, and a non-administrator on the admin page are refused.
        foreach (var url in new[] { $"/surveys/{mine}/audit", $"/surveys/{mine}/audit?handler=Export" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync(new Uri(url, UriKind.Relative))).StatusCode);
        }

        using var reader = await app.SignedInAsync("reader@example.org", Password);
        var readerPage = await reader.GetAsync($"/surveys/{mine}/audit");
        Assert.Empty(Rows(readerPage));
        Assert.DoesNotContain("survey-shared", readerPage.Html, StringComparison.Ordinal);
        foreach (var url in new[] { "/admin/audit", "/admin/audit?handler=Export" })
        {
            var answer = await owner.GetAsync(url);
            Assert.DoesNotContain("audit-entries", answer.Html, StringComparison.Ordinal);
            Assert.Contains("/account/denied", answer.Url, StringComparison.Ordinal);
        }
    }

    private static List<string[]> Rows(Page page) =>
        page.Document.QuerySelectorAll("[data-testid=audit-entries] tbody tr").Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray()).ToList();

    /// <summary>Appends entries "entry 1"… through the service, as a background job would (actor "system").</summary>
    private static async Task RecordAsync(AppFactory app, int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AuditTrail>().RecordAsync(AuditKinds.SettingsChanged, null, $"entry {i}", CancellationToken.None);
        }
    }

    private static async Task ExecuteAsync(TestDatabase database, string sql)
    {
        await using var db = database.Context();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    /// <summary>Changes the table as someone with the database owner's rights could: with the triggers off.</summary>
    private static async Task TamperAsync(TestDatabase database, string sql)
    {
        if (database.Kind == DatabaseProviderKind.PostgreSql)
        {
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"ALTER TABLE \"AuditEntries\" DISABLE TRIGGER USER; {sql}; ALTER TABLE \"AuditEntries\" ENABLE TRIGGER USER;", connection);
            await command.ExecuteNonQueryAsync();
        }
        else
        {
            await using var connection = new SqliteConnection(database.ConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"DROP TRIGGER \"AuditEntries_NoUpdate\"; DROP TRIGGER \"AuditEntries_NoDelete\"; {sql};";
            await command.ExecuteNonQueryAsync();
        }
    }

    private static Task<(int ExitCode, string Output)> RunVerifyAsync(TestDatabase database) =>
        AppProcess.RunCommandAsync(database, ["audit-verify"]);
}
