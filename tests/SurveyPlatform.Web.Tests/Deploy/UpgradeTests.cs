using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Deploy;

/// <summary>
/// An installation from the first release, upgraded: the database is created at the first migration
/// and filled as that version stored its data (a definition of questions without pages, responses and
/// answers, an owner who is an Administrator), then the <c>migrate</c> command brings it to the latest
/// schema. Every response is kept, and the downloads show exactly the answers that were stored.
/// </summary>
public sealed class UpgradeTests
{
    private const string FirstMigration = "20261122000000_Initial";

    // The definition as the first release wrote it: a flat list of questions, option points, no pages.
    private const string FirstReleaseDefinition = """
        {"questions":[
          {"code":"colour","text":"Favourite colour?","type":"SingleChoice","required":true,"options":[{"code":"red","label":"Red","points":1},{"code":"blue","label":"Blue","points":3}]},
          {"code":"mood","text":"How do you feel?","type":"Rating","required":true,"options":[]},
          {"code":"age","text":"Age?","type":"Number","required":false,"options":[],"min":0,"max":120},
          {"code":"note","text":"Anything else?","type":"ShortText","required":false,"options":[]}]}
        """;

    private static readonly string[][] Answers =
    [
        ["red", "4", "41", "Fine, thanks"],
        ["blue", "2", "63", "=SUM(A1:A2)"],
        ["red", "5", "", "Ça va, «merci»"],
        ["blue", "1", "19", ""],
    ];

    private static readonly string[] Codes = ["colour", "mood", "age", "note"];

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task ADatabaseFromTheFirstMigration_MigratedToTheLatest_KeepsEveryResponse_AndItsDownloadsShowTheStoredAnswers(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var surveyId = Guid.NewGuid();
        var responses = Answers.Select(_ => Guid.NewGuid()).ToArray();
        var published = new DateTime(2026, 11, 22, 9, 0, 0, DateTimeKind.Utc);

        await using (var db = database.Context())
        {
            await db.GetService<IMigrator>().MigrateAsync(FirstMigration);
            Assert.Equal([FirstMigration], await db.Database.GetAppliedMigrationsAsync());
            await SeedFirstReleaseAsync(db, surveyId, responses, published);
        }

        var (exit, output) = await AppProcess.RunCommandAsync(database, ["migrate"], TimeSpan.FromMinutes(2));
        Assert.True(exit == 0, $"migrate failed with {exit}: {output}");
        await using (var db = database.Context())
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(Answers.Length, await db.Responses.CountAsync(r => r.SurveyId == surveyId));
            Assert.Equal(Answers.Sum(a => a.Count(v => v.Length > 0)), await db.Answers.CountAsync(a => responses.Contains(a.ResponseId)));
        }

        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var csv = CsvText.Parse(await owner.Client.GetStringAsync(new Uri($"/surveys/{surveyId}/results/downloads?handler=Responses", UriKind.Relative)));
        var header = csv[0];
        Assert.True(header.Contains("response_id") && Codes.All(header.Contains), $"Unexpected header: {string.Join(", ", header)}");
        var rows = csv.Skip(1).ToDictionary(r => Guid.Parse(r[Array.IndexOf(header, "response_id")]));
        Assert.Equal(responses.Order(), rows.Keys.Order());
        for (var i = 0; i < responses.Length; i++)
        {
            var row = rows[responses[i]];
            for (var q = 0; q < Codes.Length; q++)
            {
                var value = row[Array.IndexOf(header, Codes[q])];
                // The export still guards against formula injection in text cells.
                Assert.Equal(Answers[i][q].StartsWith('=') ? "'" + Answers[i][q] : Answers[i][q], value);
            }
        }

        var survey = await owner.GetAsync($"/surveys/{surveyId}");
        Assert.Equal(System.Net.HttpStatusCode.OK, survey.Status);
        Assert.Contains("Upgraded survey", survey.Text("h1"), StringComparison.Ordinal);
    }

    /// <summary>The rows the first release wrote, in its schema, with plain SQL.</summary>
    private static async Task SeedFirstReleaseAsync(AppDbContext db, Guid surveyId, Guid[] responses, DateTime published)
    {
        var userId = Guid.NewGuid().ToString();
        var user = new AppUser { Id = userId, UserName = AppFactory.AdminEmail, Email = AppFactory.AdminEmail };
        var hash = new PasswordHasher<AppUser>().HashPassword(user, AppFactory.AdminPassword);
        await db.Database.ExecuteSqlRawAsync(
            """
            INSERT INTO "AspNetUsers" ("Id", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed", "PasswordHash",
              "SecurityStamp", "ConcurrencyStamp", "PhoneNumber", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnd", "LockoutEnabled", "AccessFailedCount")
            VALUES ({0}, {1}, {2}, {1}, {2}, {3}, {4}, {5}, {6}, NULL, {7}, {7}, NULL, {3}, 0)
            """,
            userId, AppFactory.AdminEmail, AppFactory.AdminEmail.ToUpperInvariant(), true, hash, Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString(), false);
        foreach (var role in Roles.All)
        {
            var roleId = Guid.NewGuid().ToString();
            await db.Database.ExecuteSqlRawAsync(
                """INSERT INTO "AspNetRoles" ("Id", "Name", "NormalizedName", "ConcurrencyStamp") VALUES ({0}, {1}, {2}, {3})""",
                roleId, role, role.ToUpperInvariant(), Guid.NewGuid().ToString());
            await db.Database.ExecuteSqlRawAsync("""INSERT INTO "AspNetUserRoles" ("UserId", "RoleId") VALUES ({0}, {1})""", userId, roleId);
        }

        await db.Database.ExecuteSqlRawAsync(
            """
            INSERT INTO "Surveys" ("Id", "OwnerId", "Title", "Description", "Status", "PublicCode", "DraftDefinitionJson", "PublishedVersion", "CreatedAt", "PublishedAt", "CloseAt", "ClosedAt", "ClosedBy")
            VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}, 1, {7}, {8}, NULL, NULL, NULL)
            """,
            surveyId, userId, "Upgraded survey", "Answered on the first release.", "Open", "UPGRADE01", FirstReleaseDefinition, published.AddHours(-1), published);
        await db.Database.ExecuteSqlRawAsync(
            """INSERT INTO "SurveyVersions" ("SurveyId", "Number", "DefinitionJson", "PublishedAt") VALUES ({0}, 1, {1}, {2})""",
            surveyId, FirstReleaseDefinition, published);
        for (var i = 0; i < responses.Length; i++)
        {
            await db.Database.ExecuteSqlRawAsync(
                """INSERT INTO "Responses" ("Id", "SurveyId", "Version", "SubmittedAt") VALUES ({0}, {1}, 1, {2})""",
                responses[i], surveyId, published.AddMinutes(10 * (i + 1)));
            for (var q = 0; q < Codes.Length; q++)
            {
                if (Answers[i][q].Length > 0)
                {
                    await db.Database.ExecuteSqlRawAsync(
                        """INSERT INTO "Answers" ("ResponseId", "QuestionCode", "Value") VALUES ({0}, {1}, {2})""",
                        responses[i], Codes[q], Answers[i][q]);
                }
            }
        }
    }
}
