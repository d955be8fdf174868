using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Distribution;
using SurveyPlatform.Web.Scoring;
using SurveyPlatform.Web.Surveys;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Jobs;

/// <summary>
/// Scheduled work comes from the application's own tables: with a pending close, a pending mailing
/// and a closed survey with a queued scoring run in the database and an empty job store (lost, or
/// a database from a version before Hangfire), a start creates every job, and each one runs.
/// </summary>
public sealed class ReconciliationTests
{
    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task AStartWithAnEmptyJobStore_RecreatesTheClose_TheMailing_AndThePendingScoring_FromTheDatabase(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        Guid closing, mailingSurvey, scored, mailingId;
        DateTime closeAt, sendAt;
        await using (var before = new AppFactory(database))
        {
            using var owner = await before.SignedInAsync();
            (closing, var code) = await SurveyPages.CreateStandardAsync(owner, "Closes on its own");
            using (var respondent = before.Session())
            {
                await SurveyPages.AnswerStandardAsync(respondent, code, "blue", ["pear"], 4, "Leeds", "44");
            }

            closeAt = DateTime.UtcNow.AddSeconds(15);
            var saved = await owner.SubmitAsync(await owner.GetAsync($"/surveys/{closing}"), SurveyPages.ScheduleForm, new Dictionary<string, string[]>
            {
                ["CloseAt"] = [closeAt.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)],
            });
            Assert.Equal("Close time saved.", saved.Text(".notice"));
            closeAt = (await before.WithDbAsync(db => db.Surveys.Where(s => s.Id == closing).Select(s => s.CloseAt).SingleAsync()))!.Value;

            (mailingSurvey, _) = await SurveyPages.CreateStandardAsync(owner, "Mails tomorrow");
            var mailings = await owner.GetAsync($"/surveys/{mailingSurvey}/mailings?kind=Invitation");
            var fields = mailings.Document.QuerySelectorAll("#mailing-form input[name], #mailing-form textarea[name]")
                .ToDictionary(e => e.GetAttribute("name")!, e => e.TagName == "TEXTAREA" ? e.TextContent : e.GetAttribute("value") ?? string.Empty);
            fields["SendAt"] = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
            Assert.StartsWith("Scheduled for", (await owner.PostRawAsync($"/surveys/{mailingSurvey}/mailings?handler=Send", fields)).Text(".notice"), StringComparison.Ordinal);
            (mailingId, sendAt) = await before.WithDbAsync(async db =>
                (await db.Mailings.Where(m => m.SurveyId == mailingSurvey).Select(m => new { m.Id, m.ScheduledAt }).SingleAsync()) is var m ? (m.Id, m.ScheduledAt) : default);

            // A closed and scored survey, then a re-score whose run was committed but never reached the queue (a crash in between).
            (scored, var scoredCode) = await SurveyPages.CreateStandardAsync(owner, "Re-scored");
            using (var respondent = before.Session())
            {
                await SurveyPages.AnswerStandardAsync(respondent, scoredCode, "red", ["apple"], 2, "York", "30");
            }

            await SurveyPages.CloseAsync(owner, scored);
            await SurveyPages.EventuallyAsync(
                () => before.WithDbAsync(db => db.ScoringRuns.AsNoTracking().FirstOrDefaultAsync(r => r.SurveyId == scored && r.Status == ScoringRunStatus.Succeeded)),
                TimeSpan.FromSeconds(45), () => "the first scoring run; the job store holds:\n" + JobStore.Describe(database));
        }

        await using (var db = database.Context())
        {
            db.ScoringRuns.Add(ScoringRun.Queue(scored, SurveyScoring.RescoreTrigger, DateTime.UtcNow));
            await db.SaveChangesAsync();
        }

        await JobStore.DeleteAsync(database);
        Assert.True(DateTime.UtcNow < closeAt.AddSeconds(-2), "The set-up took too long to prove the close is recreated before its time.");

        await using var after = new AppFactory(database);
        _ = after.Services; // starts the app, whose start-up reconciles the job store with the database
        var store = JobStore.Open(database);

        // The start recreated each job from the database, at the times the database holds.
        var close = Assert.Single(JobStore.ScheduledAt<CloseSurveyJob>(store, closing));
        Assert.InRange(close, closeAt.AddSeconds(-1), closeAt.AddSeconds(1));
        var mailing = Assert.Single(JobStore.ScheduledAt<SendMailingJob>(store, mailingId));
        Assert.InRange(mailing, sendAt.AddSeconds(-1), sendAt.AddSeconds(1));

        // And they run: the survey closes at its time and is scored; the pending re-score succeeds.
        var closedRun = await SurveyPages.EventuallyAsync(
            () => after.WithDbAsync(db => db.ScoringRuns.AsNoTracking().FirstOrDefaultAsync(r => r.SurveyId == closing && r.Status == ScoringRunStatus.Succeeded)),
            TimeSpan.FromSeconds(60), "the recreated close and its scoring run");
        Assert.Equal(1, closedRun.N);
        var survey = await after.WithDbAsync(db => db.Surveys.AsNoTracking().SingleAsync(s => s.Id == closing));
        Assert.Equal(SurveyStatus.Closed, survey.Status);
        Assert.Equal(CloseReason.Schedule, survey.ClosedBy);
        Assert.True(survey.ClosedAt >= closeAt.AddSeconds(-1), $"Closed at {survey.ClosedAt:O}, before its close time {closeAt:O}.");

        await SurveyPages.EventuallyAsync(
            () => after.WithDbAsync(async db => await db.ScoringRuns.CountAsync(r => r.SurveyId == scored && r.Status == ScoringRunStatus.Succeeded) == 2 ? "done" : null),
            TimeSpan.FromSeconds(45), "the pending re-score");
        Assert.Equal(0, await after.WithDbAsync(db => db.ScoringRuns.CountAsync(r => r.SurveyId == scored && r.Status != ScoringRunStatus.Succeeded)));
        Assert.Equal(MailingStatus.Scheduled, await after.WithDbAsync(db => db.Mailings.Where(m => m.Id == mailingId).Select(m => m.Status).SingleAsync()));
    }
}
