using System.Text.Json;
using SurveyPlatform.Domain.Surveys;

namespace SurveyPlatform.Domain.Responding;

/// <summary>What a respondent may do with their session right now.</summary>
public enum SessionAccess
{
    /// <summary>The survey is open: carry on.</summary>
    Open,

    /// <summary>The owner moved the opening time into the future after this session started.</summary>
    NotYetOpen,

    /// <summary>The survey closed after this session started, and the grace period has not ended: finish now.</summary>
    Grace,

    /// <summary>The survey closed and the grace period is over (or the session started after the close).</summary>
    Closed,

    /// <summary>The partial was not resumed within the owner's number of days.</summary>
    Expired,

    Completed,
}

/// <summary>
/// One respondent answering one survey, page by page. The answers are saved at every page, so an
/// unfinished session is a partial response that can be resumed with its secret (a cookie, or the
/// resume link). <see cref="PageVersion"/> counts the saves and guards them: a page post carries
/// the version it was shown with, and two posts of one version cannot both be applied.
/// Completing it creates the <see cref="SurveyResponse"/> with the same id.
/// </summary>
public sealed class ResponseSession
{
    public const int TokenHashLength = 64;
    public const int MaxResumeMails = 5;

    private ResponseSession()
    {
        TokenHash = null!;
        AnswersJson = null!;
    }

    public Guid Id { get; private set; }
    public Guid SurveyId { get; private set; }

    /// <summary>The published version being answered; a revision published meanwhile does not change it.</summary>
    public int Version { get; private set; }

    /// <summary>SHA-256 (hex) of the session's secret; the secret itself is never stored.</summary>
    public string TokenHash { get; private set; }

    public DateTime StartedAt { get; private set; }
    public DateTime SavedAt { get; private set; }
    public DateTime ExpiresAt { get; private set; }
    public DateTime? CompletedAt { get; private set; }

    /// <summary>The page index the respondent is on.</summary>
    public int CurrentPage { get; private set; }

    public int PageVersion { get; private set; }
    public int ResumeMailsSent { get; private set; }
    public string AnswersJson { get; private set; }

    public IReadOnlyDictionary<string, string> Answers =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(AnswersJson) is { } answers
            ? new Dictionary<string, string>(answers, StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <param name="startedAt">
    /// When the respondent was shown the first page, if earlier than now: someone who started before
    /// the close may still begin saving within the grace period.
    /// </param>
    public static ResponseSession Start(Guid id, Survey survey, string tokenHash, int firstPage, DateTime now, DateTime? startedAt = null)
    {
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentException.ThrowIfNullOrWhiteSpace(tokenHash);
        var shownAt = startedAt is { } shown && shown <= now ? shown : (DateTime?)null;
        if (!survey.AcceptsFirstSave(shownAt, now))
        {
            // Closed (outside the grace period of a first page shown before the close), full, or not open yet.
            throw new InvalidOperationException("The survey is not accepting responses.");
        }

        var start = shownAt ?? now;

        return new ResponseSession
        {
            Id = id,
            SurveyId = survey.Id,
            Version = survey.PublishedVersion,
            TokenHash = tokenHash,
            StartedAt = start,
            SavedAt = now,
            ExpiresAt = now.AddDays(survey.PartialExpiryDays),
            CurrentPage = firstPage,
            AnswersJson = "{}",
        };
    }

    public SessionAccess Access(Survey survey, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(survey);
        if (CompletedAt is not null)
        {
            return SessionAccess.Completed;
        }

        if (now >= ExpiresAt)
        {
            return SessionAccess.Expired;
        }

        if (survey.IsAcceptingResponses(now))
        {
            return SessionAccess.Open;
        }

        if (survey.Availability(now) == SurveyAvailability.NotYetOpen)
        {
            return SessionAccess.NotYetOpen;
        }

        return survey.InGracePeriod(StartedAt, now) ? SessionAccess.Grace : SessionAccess.Closed;
    }

    /// <summary>Saves the answers so far and the page to show next; every save moves the page version on.</summary>
    public void Save(IReadOnlyDictionary<string, string> answers, int currentPage, Survey survey, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(survey);
        EnsureNotCompleted();
        AnswersJson = Serialize(answers);
        CurrentPage = currentPage;
        SavedAt = now;
        ExpiresAt = now.AddDays(survey.PartialExpiryDays);
        PageVersion++;
    }

    /// <summary>Finishes the session; the returned response holds exactly <paramref name="answers"/>.</summary>
    public SurveyResponse Complete(IReadOnlyDictionary<string, string> answers, Survey survey, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(survey);
        var access = Access(survey, now);
        if (access is not (SessionAccess.Open or SessionAccess.Grace))
        {
            throw new InvalidOperationException($"This session cannot be completed: {access}.");
        }

        AnswersJson = Serialize(answers);
        CompletedAt = now;
        SavedAt = now;
        PageVersion++;
        return SurveyResponse.FromSession(Id, SurveyId, Version, answers, now);
    }

    /// <summary>
    /// Anonymous mode, when the session is completed: every stored time is kept to the UTC day, so times
    /// in logs cannot be matched to it.
    /// </summary>
    public void Anonymise()
    {
        StartedAt = UtcDay.Of(StartedAt);
        SavedAt = UtcDay.Of(SavedAt);
        ExpiresAt = UtcDay.Of(ExpiresAt);
        CompletedAt = CompletedAt is { } completed ? UtcDay.Of(completed) : null;
    }

    /// <summary>A new secret (its hash): a personal link re-opened in another browser takes the session over.</summary>
    public void RotateToken(string tokenHash)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tokenHash);
        TokenHash = tokenHash;
    }

    /// <summary>Counts a resume link e-mailed to the respondent; false once the cap is reached.</summary>
    public bool TryCountResumeMail()
    {
        if (ResumeMailsSent >= MaxResumeMails)
        {
            return false;
        }

        ResumeMailsSent++;
        return true;
    }

    private static string Serialize(IReadOnlyDictionary<string, string> answers) =>
        JsonSerializer.Serialize(answers.OrderBy(a => a.Key, StringComparer.Ordinal).ToDictionary(a => a.Key, a => a.Value));

    private void EnsureNotCompleted()
    {
        if (CompletedAt is not null)
        {
            throw new InvalidOperationException("The response is already complete.");
        }
    }
}
