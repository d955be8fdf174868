namespace SurveyPlatform.Domain.Analysis;

/// <summary>
/// How far people got: invited (participants on the list; null for a survey with no list), started
/// (a session was opened or a response arrived), partial (started, not completed) and completed
/// (stored responses). A response that arrived without a session (an import, a direct post) counts
/// as started and completed, so started is never below completed.
/// </summary>
public sealed record ResponseFunnel(int? Invited, int Started, int Partial, int Completed)
{
    /// <summary>Completed among started; null when nobody started.</summary>
    public double? CompletionRate => Started == 0 ? null : (double)Completed / Started;

    /// <summary>Completed among invited; null without an invitation list.</summary>
    public double? ResponseRate => Invited is > 0 and { } invited ? (double)Completed / invited : null;

    /// <param name="invited">Participants on the survey's list, or null when it has none.</param>
    /// <param name="openSessions">Sessions that were started and are not completed (expired ones included: they started).</param>
    /// <param name="completed">Stored responses.</param>
    public static ResponseFunnel From(int? invited, int openSessions, int completed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(openSessions);
        ArgumentOutOfRangeException.ThrowIfNegative(completed);
        if (invited is { } i)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(i, nameof(invited));
        }

        return new ResponseFunnel(invited is 0 ? null : invited, openSessions + completed, openSessions, completed);
    }
}
