using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Reports;

/// <summary>
/// A survey owner's choice to e-mail every invited respondent their organisation's report after a
/// scoring run with a readiness index, and how many days each mailed link works. An anonymous survey
/// never mails: it offers a one-time link on the thank-you page instead.
/// </summary>
public sealed class ReportSettings
{
    public const int DefaultLinkDays = 30;
    public const int MaxLinkDays = 365;

    private ReportSettings()
    {
    }

    public Guid SurveyId { get; private set; }

    /// <summary>E-mail respondents their organisation's report after scoring (anonymous surveys: a one-time link on the thank-you page).</summary>
    public bool Enabled { get; private set; }

    /// <summary>How long a mailed link works, in days from the e-mail.</summary>
    public int LinkDays { get; private set; } = DefaultLinkDays;

    public static ReportSettings For(Guid surveyId) => new() { SurveyId = surveyId };

    public IReadOnlyList<FieldError> Change(bool enabled, int? linkDays)
    {
        if (linkDays is not { } days || days < 1 || days > MaxLinkDays)
        {
            return [new FieldError(nameof(LinkDays), $"Enter a number of days from 1 to {MaxLinkDays}.")];
        }

        Enabled = enabled;
        LinkDays = days;
        return [];
    }
}

public enum ReportDeliveryStatus
{
    Pending,
    Sent,
    Failed,
    Skipped,
}

/// <summary>
/// One report e-mail: one per scoring run and invited participant (unique), claimed and marked sent in
/// the transaction that sends it, so a job that runs twice sends it once.
/// </summary>
public sealed class ReportDelivery
{
    public const int MaxAttempts = 4;
    public const int ErrorMaxLength = 1000;

    private ReportDelivery()
    {
    }

    public ReportDelivery(Guid runId, Guid participantId, DateTime now)
    {
        Id = Guid.NewGuid();
        RunId = runId;
        ParticipantId = participantId;
        CreatedAt = now;
        Status = ReportDeliveryStatus.Pending;
    }

    public Guid Id { get; private set; }
    public Guid RunId { get; private set; }
    public Guid ParticipantId { get; private set; }
    public ReportDeliveryStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? SentAt { get; private set; }
    public string? LastError { get; private set; }

    public void MarkSent(DateTime now)
    {
        Status = ReportDeliveryStatus.Sent;
        Attempts++;
        SentAt = now;
        LastError = null;
    }

    public void Skip() => Status = ReportDeliveryStatus.Skipped;

    /// <summary>Records a failed attempt; returns whether it will be tried again.</summary>
    public bool Fail(string error, bool permanent)
    {
        ArgumentNullException.ThrowIfNull(error);
        Attempts++;
        LastError = error.Length > ErrorMaxLength ? error[..ErrorMaxLength] : error;
        if (permanent || Attempts >= MaxAttempts)
        {
            Status = ReportDeliveryStatus.Failed;
            return false;
        }

        return true;
    }
}

public enum ReportLinkState
{
    Valid,
    Expired,
    Used,
}

/// <summary>
/// A link to one response's report: only the SHA-256 of its token is stored. A mailed link works until
/// it expires; an anonymous respondent's link (from the thank-you page) works once.
/// </summary>
public sealed class ReportLink
{
    public const int TokenHashLength = 64;

    private ReportLink()
    {
        TokenHash = null!;
    }

    public string TokenHash { get; private set; }
    public Guid ResponseId { get; private set; }
    public DateTime IssuedAt { get; private set; }
    public DateTime? ExpiresAt { get; private set; }
    public bool OneTime { get; private set; }
    public DateTime? UsedAt { get; private set; }

    public static ReportLink Mailed(string tokenHash, Guid responseId, DateTime now, int days) => new()
    {
        TokenHash = tokenHash,
        ResponseId = responseId,
        IssuedAt = now,
        ExpiresAt = now.AddDays(days),
    };

    /// <summary>An anonymous respondent's link: no expiry, but it opens the report once. Its time is kept to the day, as the response's is.</summary>
    public static ReportLink OneTimeFor(string tokenHash, Guid responseId, DateTime day) => new()
    {
        TokenHash = tokenHash,
        ResponseId = responseId,
        IssuedAt = day,
        OneTime = true,
    };

    public ReportLinkState StateAt(DateTime now) =>
        OneTime && UsedAt is not null ? ReportLinkState.Used
        : ExpiresAt is { } expires && now >= expires ? ReportLinkState.Expired
        : ReportLinkState.Valid;
}
