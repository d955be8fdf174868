using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Distribution;
using SurveyPlatform.Web.Jobs;
using SurveyPlatform.Web.Scoring;
using SurveyPlatform.Web.Surveys;

namespace SurveyPlatform.Web.Admin;

/// <summary>
/// What only the application knows about its background work, for administrators: the scheduled
/// closes, mailings and pending scoring from its own tables (with the state of each one's job in
/// the job store), what runs now, recent scoring runs and failures. Queues, retries and job
/// history are on the Hangfire Dashboard, linked from here. Read-only.
/// </summary>
[Authorize(Policy = Policies.Administrators)]
public sealed class JobsModel(AppDbContext db, HangfireSurveyJobs jobs, JobStorage storage) : PageModel
{
    public const int RecentCount = 50;
    public const int ErrorLength = 200;

    /// <summary>Shown when the job store has no live job for scheduled work; the reconciliation creates it.</summary>
    public const string MissingState = "Not in the job store";

    public IReadOnlyList<ScheduledRow> Scheduled { get; private set; } = [];
    public IReadOnlyList<RunningRow> Running { get; private set; } = [];
    public IReadOnlyList<RunRow> Runs { get; private set; } = [];
    public IReadOnlyList<RunRow> FailedRuns { get; private set; } = [];
    public IReadOnlyList<DeliveryFailureRow> FailedDeliveries { get; private set; } = [];

    /// <summary>A survey the database knows.</summary>
    public sealed record SurveyRef(Guid Id, string Title);

    /// <summary>Work the application's tables say is due: a close, a mailing or a scoring run. Times are UTC.</summary>
    public sealed record ScheduledRow(string Kind, SurveyRef Survey, DateTime Due, string State);

    /// <summary>A job executing now on any node.</summary>
    public sealed record RunningRow(string Kind, SurveyRef? Survey, string JobId, DateTime? StartedAt, string Server);

    public sealed record RunRow(
        Guid SurveyId, string SurveyTitle, ScoringRunStatus Status, DateTime StartedAt, DateTime? FinishedAt, int N, string EngineVersion, string? Error);

    public sealed record DeliveryFailureRow(
        Guid SurveyId, string SurveyTitle, MailingKind Kind, DateTime MailingCreatedAt, int Round, int Attempts, string? Error);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var closes = await db.Surveys.AsNoTracking()
            .Where(s => s.Status == SurveyStatus.Open && s.CloseAt != null)
            .Select(s => new { s.Id, s.Title, CloseAt = s.CloseAt!.Value })
            .ToListAsync(cancellationToken);
        var mailings = await (
                from m in db.Mailings.AsNoTracking()
                where m.Status != MailingStatus.Completed
                join s in db.Surveys on m.SurveyId equals s.Id
                select new { m.Id, SurveyId = s.Id, s.Title, m.ScheduledAt })
            .ToListAsync(cancellationToken);
        var scoring = await (
                from r in db.ScoringRuns.AsNoTracking()
                where r.Status == ScoringRunStatus.Queued || r.Status == ScoringRunStatus.Running
                      || (r.Status == ScoringRunStatus.Failed && r.Attempts < ScoringRun.MaxAttempts)
                join s in db.Surveys on r.SurveyId equals s.Id
                select new { s.Id, s.Title, QueuedAt = r.QueuedAt ?? r.StartedAt })
            .ToListAsync(cancellationToken);

        Scheduled =
        [
            .. closes.Select(c => new ScheduledRow("Close", new SurveyRef(c.Id, c.Title), c.CloseAt, State(HangfireSurveyJobs.CloseKey(c.Id)))),
            .. mailings.Select(m => new ScheduledRow("Mailing", new SurveyRef(m.SurveyId, m.Title), m.ScheduledAt, State(HangfireSurveyJobs.MailingKey(m.Id)))),
            .. scoring.GroupBy(s => s.Id).Select(g => new ScheduledRow(
                "Scoring", new SurveyRef(g.Key, g.First().Title), g.Min(s => s.QueuedAt), State(HangfireSurveyJobs.ScoringKey(g.Key)))),
        ];
        Scheduled = Scheduled.OrderBy(r => r.Due).ThenBy(r => r.Kind, StringComparer.Ordinal).ToList();
        Running = await RunningAsync(cancellationToken);

        var runs = from r in db.ScoringRuns.AsNoTracking()
                   join s in db.Surveys on r.SurveyId equals s.Id
                   select new { Run = r, s.Title };
        Runs = Clipped(await runs.OrderByDescending(x => x.Run.StartedAt).Take(RecentCount)
            .Select(x => new RunRow(x.Run.SurveyId, x.Title, x.Run.Status, x.Run.StartedAt, x.Run.FinishedAt, x.Run.N, x.Run.EngineVersion, x.Run.Error))
            .ToListAsync(cancellationToken));
        FailedRuns = Clipped(await runs.Where(x => x.Run.Status == ScoringRunStatus.Failed)
            .OrderByDescending(x => x.Run.FinishedAt ?? x.Run.StartedAt).Take(RecentCount)
            .Select(x => new RunRow(x.Run.SurveyId, x.Title, x.Run.Status, x.Run.StartedAt, x.Run.FinishedAt, x.Run.N, x.Run.EngineVersion, x.Run.Error))
            .ToListAsync(cancellationToken));

        // A delivery records no time of failure: its mailing's creation orders them, newest first.
        FailedDeliveries = (await (
                from d in db.Deliveries.AsNoTracking()
                where d.Status == DeliveryStatus.Failed
                join m in db.Mailings on d.MailingId equals m.Id
                join s in db.Surveys on m.SurveyId equals s.Id
                orderby m.CreatedAt descending, d.Round descending
                select new DeliveryFailureRow(s.Id, s.Title, m.Kind, m.CreatedAt, d.Round, d.Attempts, d.LastError))
            .Take(RecentCount)
            .ToListAsync(cancellationToken))
            .Select(f => f with { Error = Clip(f.Error) })
            .ToList();
    }

    /// <summary>Errors as shown: at most <see cref="ErrorLength"/> characters and an ellipsis.</summary>
    public static string? Clip(string? error) =>
        error is null || error.Length <= ErrorLength ? error : string.Concat(error.AsSpan(0, ErrorLength), "…");

    private static List<RunRow> Clipped(List<RunRow> rows) => rows.Select(r => r with { Error = Clip(r.Error) }).ToList();

    private string State(string key) => jobs.StateOf(key) ?? MissingState;

    /// <summary>The jobs executing now, with the survey each is about (a mailing's through the mailing).</summary>
    private async Task<IReadOnlyList<RunningRow>> RunningAsync(CancellationToken cancellationToken)
    {
        var processing = storage.GetMonitoringApi().ProcessingJobs(0, RecentCount)
            .Select(p => (Id: p.Key, Job: p.Value))
            .Select(p => (p.Id, p.Job, Kind: Kind(p.Job.Job?.Type), Target: p.Job.Job?.Args is [Guid target, ..] ? target : (Guid?)null))
            .ToList();
        var targets = processing.Select(p => p.Target).OfType<Guid>().Distinct().ToList();
        var mailingSurveys = await db.Mailings.AsNoTracking().Where(m => targets.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.SurveyId, cancellationToken);
        var surveyIds = targets.Select(t => mailingSurveys.GetValueOrDefault(t, t)).Distinct().ToList();
        var titles = await db.Surveys.AsNoTracking().Where(s => surveyIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Title, cancellationToken);
        return processing
            .Select(p =>
            {
                var surveyId = p.Target is { } t ? mailingSurveys.GetValueOrDefault(t, t) : (Guid?)null;
                var survey = surveyId is { } id && titles.TryGetValue(id, out var title) ? new SurveyRef(id, title) : null;
                return new RunningRow(p.Kind, survey, p.Id, p.Job.StartedAt, p.Job.ServerId ?? string.Empty);
            })
            .OrderBy(r => r.StartedAt)
            .ToList();
    }

    private static string Kind(Type? type) =>
        type == typeof(ScoreSurveyJob) ? "Scoring"
        : type == typeof(CloseSurveyJob) ? "Close"
        : type == typeof(SendMailingJob) ? "Mailing"
        : type == typeof(ScheduledWork) ? "Reconciliation"
        : type?.Name ?? "Unknown";
}
