using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Data;

/// <summary>
/// The Data Protection keys live in the database under a fixed application name, so what one app
/// instance protected (sign-in cookies, antiforgery tokens, start tickets) is read by the next one
/// after a restart, and by every node sharing the database. Each app process here has its own home
/// folder, as on another machine: keys kept on local disk would not be shared, and these tests fail.
/// </summary>
public sealed class DataProtectionKeyTests
{
    private static readonly Dictionary<string, string> FirstNode = new()
    {
        ["Database:MigrateOnStartup"] = "true",
        ["Bootstrap:AdminEmail"] = AppFactory.AdminEmail,
        ["Bootstrap:AdminPassword"] = AppFactory.AdminPassword,
    };

    private static readonly Dictionary<string, string[]> FirstPage = new() { ["colour"] = ["blue"], ["pet"] = ["Rex"] };

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task WhatTheAppIssuedBeforeARestart_WorksAfterIt_InAProcessInAnotherFolder(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var balancer = new LoadBalancer();
        using var owner = balancer.Session();
        using var respondent = balancer.Session();
        using var later = balancer.Session();
        Guid id;
        string code;
        Guid sessionId;
        string resumePath;
        Page leftOpen;
        int keys;

        // Before the restart: the in-process app (Development; its content root is the project folder).
        await using (var before = new AppFactory(database))
        {
            balancer.RouteTo(before);
            Assert.IsType<EntityFrameworkCoreXmlRepository<AppDbContext>>(before.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository);
            Assert.Equal(DataServiceCollectionExtensions.DataProtectionApplicationName, before.Services.GetRequiredService<IOptions<DataProtectionOptions>>().Value.ApplicationDiscriminator);

            await owner.SignInAsync(AppFactory.AdminEmail, AppFactory.AdminPassword);
            (id, code) = await SurveyPages.PublishFileAsync(owner, TestSurveyFiles.PetsAndColours);
            var second = await RespondentPages.NextAsync(respondent, await respondent.GetAsync($"/s/{code}"), FirstPage);
            sessionId = RespondentPages.ResponseId(second);
            var saved = await respondent.SubmitAsync(second, RespondentPages.SurveyForm, new Dictionary<string, string[]> { ["a.petkind"] = ["dog"] }, RespondentPages.Save);
            resumePath = ResumePath(saved);

            // Another respondent has page 1 open (its antiforgery token and start ticket) while the app restarts.
            leftOpen = await later.GetAsync($"/s/{code}");
            Assert.Equal(0, RespondentPages.PageIndex(leftOpen));

            keys = await KeyCountAsync(database);
            Assert.True(keys >= 1, "The in-process app stored no Data Protection key in the database.");
        }

        // After it: a real process (Production) whose content root is the test's output folder, with its own home.
        await using var after = await AppProcess.StartNodeAsync(database);
        balancer.RouteTo(after);
        Assert.Equal(keys, await KeyCountAsync(database)); // It read the key ring from the database and made no key of its own.

        // The resume link, in a new browser: the saved page with its answer, and page 1's answers behind Back.
        using (var elsewhere = balancer.Session())
        {
            var resumed = await elsewhere.GetAsync(resumePath);
            Assert.Equal(HttpStatusCode.OK, resumed.Status);
            Assert.Equal(1, RespondentPages.PageIndex(resumed));
            Assert.Equal(sessionId, RespondentPages.ResponseId(resumed));
            Assert.Equal(["dog"], RespondentPages.Checked(resumed, "a.petkind"));
            var first = await elsewhere.SubmitAsync(resumed, RespondentPages.SurveyForm, submitter: RespondentPages.Back);
            Assert.Equal(["blue"], RespondentPages.Checked(first, "a.colour"));
            Assert.Equal("Rex", RespondentPages.TextValue(first, "a.pet"));
        }

        // The owner is still signed in with the cookie the first app issued.
        var details = await owner.GetAsync($"/surveys/{id}");
        Assert.Equal(HttpStatusCode.OK, details.Status);
        Assert.Equal($"/surveys/{id}", new Uri(details.Url).AbsolutePath);

        // The page left open over the restart is accepted, and its answers are saved.
        var next = await RespondentPages.NextAsync(later, leftOpen, new Dictionary<string, string[]> { ["colour"] = ["red"] });
        Assert.Equal(HttpStatusCode.OK, next.Status);
        Assert.Equal(2, RespondentPages.PageIndex(next)); // No pet: page 2 is skipped.
        var laterId = RespondentPages.ResponseId(next);
        await using var db = database.Context();
        Assert.Equal("red", (await db.ResponseSessions.AsNoTracking().SingleAsync(s => s.Id == laterId)).Answers["colour"]);
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task TwoProcessesOnOneDatabase_ShareTheKeys_SoASignInAResumeLinkAndEveryFormWorkAcrossThem(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var a = await AppProcess.StartNodeAsync(database, FirstNode);
        var keys = await KeyCountAsync(database);
        Assert.True(keys >= 1, "The first node stored no Data Protection key in the database.");
        await using var b = await AppProcess.StartNodeAsync(database);
        Assert.Equal(keys, await KeyCountAsync(database)); // The second node uses the first one's key.
        using var balancer = new LoadBalancer();

        // Signed in on A, and still signed in on B.
        using var owner = balancer.Session();
        balancer.RouteTo(a);
        await owner.SignInAsync(AppFactory.AdminEmail, AppFactory.AdminPassword);
        balancer.RouteTo(b);
        var surveys = await owner.GetAsync("/surveys");
        Assert.Equal(HttpStatusCode.OK, surveys.Status);
        Assert.Equal("/surveys", new Uri(surveys.Url).AbsolutePath);

        // From here the nodes take turns request by request: every form is rendered by one and posted to the other.
        balancer.RouteTo(a, b);
        var (id, code) = await SurveyPages.PublishFileAsync(owner, TestSurveyFiles.PetsAndColours);
        using var respondent = balancer.Session();
        var second = await RespondentPages.NextAsync(respondent, await respondent.GetAsync($"/s/{code}"), FirstPage);
        Assert.Equal(1, RespondentPages.PageIndex(second));
        var sessionId = RespondentPages.ResponseId(second);

        // Saved on A; the link opened on B in a new browser, which finishes the response with both nodes.
        balancer.RouteTo(a);
        var saved = await respondent.SubmitAsync(second, RespondentPages.SurveyForm, new Dictionary<string, string[]> { ["a.petkind"] = ["cat"] }, RespondentPages.Save);
        var resumePath = ResumePath(saved);
        balancer.RouteTo(b);
        using var elsewhere = balancer.Session();
        var resumed = await elsewhere.GetAsync(resumePath);
        Assert.Equal(HttpStatusCode.OK, resumed.Status);
        Assert.Equal(1, RespondentPages.PageIndex(resumed));
        Assert.Equal(sessionId, RespondentPages.ResponseId(resumed));
        Assert.Equal(["cat"], RespondentPages.Checked(resumed, "a.petkind"));

        balancer.RouteTo(a, b);
        var done = await RespondentPages.CompleteAsync(elsewhere, code, new Dictionary<string, string[]> { ["petage"] = ["3"], ["mood"] = ["4"] });
        Assert.EndsWith($"/s/{code}/thanks", done.Url, StringComparison.Ordinal);
        await using var db = database.Context();
        Assert.Equal(
            new Dictionary<string, string> { ["colour"] = "blue", ["pet"] = "Rex", ["petkind"] = "cat", ["petage"] = "3", ["mood"] = "4" },
            await db.Answers.Where(x => x.ResponseId == sessionId).ToDictionaryAsync(x => x.QuestionCode, x => x.Value));
        Assert.Equal(id, (await db.Responses.AsNoTracking().SingleAsync(r => r.Id == sessionId)).SurveyId);
        Assert.Equal(keys, await db.DataProtectionKeys.CountAsync());
    }

    /// <summary>
    /// Keys are made for AES-256-GCM (one pass that encrypts and authenticates; the framework's default,
    /// AES-256-CBC with HMAC-SHA256, takes about 1.7 times as long a token). A key made before the change keeps
    /// the algorithm written in its XML, so what it protected is still read, and it is used until it expires.
    /// </summary>
    [Fact]
    public async Task NewKeysAreAesGcm_AndWhatAnOlderCbcKeyProtected_IsStillRead()
    {
        await using var database = TestDatabase.Sqlite();
        await using (var db = database.Context())
        {
            await db.Database.MigrateAsync();
        }

        // Before: the framework's default algorithms on the same key store and application name.
        var before = new ServiceCollection();
        before.AddScoped(_ => database.Context());
        before.AddDataProtection().PersistKeysToDbContext<AppDbContext>().SetApplicationName(DataServiceCollectionExtensions.DataProtectionApplicationName);
        string protectedBefore;
        await using (var services = before.BuildServiceProvider())
        {
            protectedBefore = services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("made with CBC");
        }

        var oldKey = Assert.Single(await KeyXmlAsync(database));
        Assert.Contains("algorithm=\"AES_256_CBC\"", oldKey, StringComparison.Ordinal);

        await using var app = new AppFactory(database);
        Assert.Equal("made with CBC", app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(protectedBefore));

        // The next key the app makes (as at rotation) is GCM, and what it protects round-trips.
        var keys = app.Services.GetRequiredService<IKeyManager>();
        var next = keys.CreateNewKey(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90));
        var descriptor = Assert.IsType<AuthenticatedEncryptorDescriptor>(next.Descriptor).ExportToXml().SerializedDescriptorElement.ToString();
        Assert.Contains("algorithm=\"AES_256_GCM\"", descriptor, StringComparison.Ordinal);
        Assert.Contains(await KeyXmlAsync(database), xml => xml.Contains($"id=\"{next.KeyId}\"", StringComparison.Ordinal) && xml.Contains("algorithm=\"AES_256_GCM\"", StringComparison.Ordinal));
        var encryptor = next.CreateEncryptor() ?? throw new InvalidOperationException("No encryptor for the new key.");
        var aad = new ArraySegment<byte>([1, 2, 3]);
        var sealedBytes = encryptor.Encrypt(new ArraySegment<byte>("made with GCM"u8.ToArray()), aad);
        Assert.Equal("made with GCM"u8.ToArray(), encryptor.Decrypt(new ArraySegment<byte>(sealedBytes), aad));
    }

    [Fact]
    public async Task OnAFreshDatabase_TheFirstKeyIsAesGcm()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        var protector = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
        Assert.Equal("hello", protector.Unprotect(protector.Protect("hello")));
        var key = Assert.Single(await KeyXmlAsync(database));
        Assert.Contains("algorithm=\"AES_256_GCM\"", key, StringComparison.Ordinal);
    }

    private static async Task<List<string>> KeyXmlAsync(TestDatabase database)
    {
        await using var db = database.Context();
        return await db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml ?? string.Empty).ToListAsync();
    }

    private static string ResumePath(Page saved) =>
        new Uri(saved.Document.QuerySelector("[data-testid=resume-link]")?.GetAttribute("href")
                ?? throw new InvalidOperationException($"No resume link:\n{saved.Text("main")}")).AbsolutePath;

    private static async Task<int> KeyCountAsync(TestDatabase database)
    {
        await using var db = database.Context();
        return await db.DataProtectionKeys.CountAsync();
    }
}
