using Hangfire;
using Hangfire.States;
using SurveyPlatform.Web.Distribution;
using SurveyPlatform.Web.Reports;
using SurveyPlatform.Web.Scoring;
using SurveyPlatform.Web.Surveys;

namespace SurveyPlatform.Web.Jobs;

/// <summary>
/// <see cref="ISurveyJobs"/> on Hangfire. Hangfire names jobs by a generated id, so the id of each
/// survey's latest scoring, close and mailing job is kept in a small hash of the job storage per
/// key (<c>surveyplatform:job:close:{id}</c> and so on): a new
/// schedule deletes the one it replaces (while it still waits), and the reconciliation can tell
/// whether a job is still alive.
/// </summary>
public sealed class HangfireSurveyJobs(IBackgroundJobClient client, JobStorage storage) : ISurveyJobs
{
    private const string Field = "id";

    private static string Hash(string key) => "surveyplatform:job:" + key;

    internal static string ScoringKey(Guid surveyId) => $"score:{surveyId:N}";
    internal static string CloseKey(Guid surveyId) => $"close:{surveyId:N}";
    internal static string MailingKey(Guid mailingId) => $"mail:{mailingId:N}";

    private static readonly HashSet<string> Alive = new(StringComparer.Ordinal)
    {
        ScheduledState.StateName, EnqueuedState.StateName, ProcessingState.StateName, AwaitingState.StateName,
    };

    public Task EnqueueScoringAsync(Guid surveyId, CancellationToken cancellationToken)
    {
        Remember(ScoringKey(surveyId), client.Enqueue<ScoreSurveyJob>(j => j.RunAsync(surveyId, CancellationToken.None)));
        return Task.CompletedTask;
    }

    public Task ScheduleCloseAsync(Guid surveyId, DateTime? closeAt, CancellationToken cancellationToken)
    {
        var key = CloseKey(surveyId);
        DeleteWaiting(key);
        if (closeAt is { } at)
        {
            Remember(key, client.Schedule<CloseSurveyJob>(j => j.RunAsync(surveyId, CancellationToken.None), Utc(at)));
        }

        return Task.CompletedTask;
    }

    public Task ScheduleMailingAsync(Guid mailingId, DateTime at, CancellationToken cancellationToken)
    {
        var key = MailingKey(mailingId);
        DeleteWaiting(key);
        Remember(key, client.Schedule<SendMailingJob>(j => j.RunAsync(mailingId, CancellationToken.None), Utc(at)));
        return Task.CompletedTask;
    }

    public Task EnqueueReportsAsync(Guid runId, CancellationToken cancellationToken)
    {
        client.Enqueue<SendReportsJob>(j => j.RunAsync(runId, CancellationToken.None));
        return Task.CompletedTask;
    }

    /// <summary>Whether the job last recorded under <paramref name="key"/> is still to run or running.</summary>
    internal bool IsAlive(string key) => StateOf(key) is { } state && Alive.Contains(state);

    /// <summary>The state of the job last recorded under <paramref name="key"/>, or null when the job store has none.</summary>
    internal string? StateOf(string key)
    {
        using var connection = storage.GetConnection();
        return Recorded(connection, key) is { } id ? connection.GetJobData(id)?.State : null;
    }

    private static string? Recorded(Hangfire.Storage.IStorageConnection connection, string key) =>
        connection.GetAllEntriesFromHash(Hash(key)) is { } entries && entries.TryGetValue(Field, out var id) ? id : null;

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));

    /// <summary>Deletes the job recorded under the key, only if it is still waiting for its time (never a running one).</summary>
    private void DeleteWaiting(string key)
    {
        string? previous;
        using (var connection = storage.GetConnection())
        {
            previous = Recorded(connection, key);
        }

        if (previous is not null)
        {
            client.ChangeState(previous, new DeletedState(), ScheduledState.StateName);
        }
    }

    private void Remember(string key, string jobId)
    {
        using var connection = storage.GetConnection();
        using var transaction = connection.CreateWriteTransaction();
        transaction.SetRangeInHash(Hash(key), [new KeyValuePair<string, string>(Field, jobId)]);
        transaction.Commit();
    }
}
