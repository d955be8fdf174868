using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Jobs;

namespace SurveyPlatform.Web.Admin;

/// <summary>What the background jobs are doing and what failed: read-only, for administrators.</summary>
[Authorize(Policy = Policies.Administrators)]
public sealed class JobsModel(AppDbContext db, IJobMonitor monitor) : PageModel
{
    public const int RecentCount = 50;
    public const int ErrorLength = 200;

    public IReadOnlyList<TriggerRow> Scheduled { get; private set; } = [];
    public IReadOnlyList<RunningRow> Running { get; private set; } = [];
    public IReadOnlyList<RunRow> Runs { get; private set; } = [];
    public IReadOnlyList<RunRow> FailedRuns { get; private set; } = [];
    public IReadOnlyList<DeliveryFailureRow> FailedDeliveries { get; private set; } = [];

    /// <summary>A survey the database knows.</summary>
    public sealed record SurveyRef(Guid Id, string Title);

    public sealed record TriggerRow(JobTriggerInfo Trigger, SurveyRef? Survey);

    public sealed record RunningRow(RunningJobInfo Job, SurveyRef? Survey);

    public sealed record RunRow(
        Guid SurveyId, string SurveyTitle, ScoringRunStatus Status, DateTime StartedAt, DateTime? FinishedAt, int N, string EngineVersion, string? Error);

    public sealed record DeliveryFailureRow(
        Guid SurveyId, string SurveyTitle, MailingKind Kind, DateTime MailingCreatedAt, int Round, int Attempts, string? Error);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var triggers = await monitor.TriggersAsync(cancellationToken);
        var running = await monitor.RunningAsync(cancellationToken);
        var surveys = await SurveysOfAsync([.. triggers.Select(t => t.Target), .. running.Select(r => r.Target)], cancellationToken);
        Scheduled = triggers.Select(t => new TriggerRow(t, surveys(t.Target))).ToList();
        Running = running.Select(r => new RunningRow(r, surveys(r.Target))).ToList();

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

    /// <summary>The survey each job is about, by its own id or its mailing's, if the database knows it.</summary>
    private async Task<Func<JobTarget, SurveyRef?>> SurveysOfAsync(IReadOnlyList<JobTarget> targets, CancellationToken cancellationToken)
    {
        var mailingIds = targets.Select(t => t.MailingId).OfType<Guid>().Distinct().ToList();
        var mailingSurveys = mailingIds.Count == 0
            ? []
            : await db.Mailings.AsNoTracking().Where(m => mailingIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.SurveyId, cancellationToken);

        Guid? SurveyId(JobTarget target) =>
            target.SurveyId ?? (target.MailingId is { } mailing && mailingSurveys.TryGetValue(mailing, out var survey) ? survey : null);

        var surveyIds = targets.Select(SurveyId).OfType<Guid>().Distinct().ToList();
        var titles = surveyIds.Count == 0
            ? []
            : await db.Surveys.AsNoTracking().Where(s => surveyIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Title, cancellationToken);
        return target => SurveyId(target) is { } id && titles.TryGetValue(id, out var title) ? new SurveyRef(id, title) : null;
    }
}
