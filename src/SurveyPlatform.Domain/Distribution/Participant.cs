using System.Net.Mail;
using System.Text.Json;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Surveys;

namespace SurveyPlatform.Domain.Distribution;

public enum ParticipantStatus
{
    Pending,
    Sent,
    Failed,
    Started,
    Completed,
    OptedOut,
    Bounced,
}

/// <summary>
/// A person invited to one survey through a personal link. The link's token carries 256 bits of
/// randomness and only its SHA-256 is stored; one token means one response. The participant's
/// answering session is found through <see cref="SessionId"/>, so their own link resumes it.
/// </summary>
public sealed class Participant
{
    public const int EmailMaxLength = 320;
    public const int NameMaxLength = 100;
    public const int TokenHashLength = 64;

    private Participant()
    {
        Email = null!;
        FirstName = null!;
        LastName = null!;
        AttributesJson = null!;
    }

    public Guid Id { get; private set; }
    public Guid SurveyId { get; private set; }
    public string Email { get; private set; }
    public string FirstName { get; private set; }
    public string LastName { get; private set; }

    /// <summary>Extra attributes (organisation, segment, region…) as a JSON object of strings.</summary>
    public string AttributesJson { get; private set; }

    public string? TokenHash { get; private set; }
    public ParticipantStatus Status { get; private set; }
    public Guid? SessionId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? CompletedAt { get; private set; }
    public DateTime? SentAt { get; private set; }
    public DateTime? OptedOutAt { get; private set; }

    /// <summary>Opted out of every survey's e-mail, not only this one's.</summary>
    public bool OptedOutEverywhere { get; private set; }

    /// <summary>The last SMTP error, when sending failed.</summary>
    public string? LastError { get; private set; }

    /// <summary>Reminders sent so far.</summary>
    public int Reminders { get; private set; }

    public IReadOnlyDictionary<string, string> Attributes =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(AttributesJson) ?? [];

    /// <summary>Checks and normalises a person's details; every problem is reported with its field.</summary>
    public static (Participant? Participant, IReadOnlyList<FieldError> Errors) Create(
        Guid surveyId, string? email, string? firstName, string? lastName, IReadOnlyDictionary<string, string>? attributes, DateTime now)
    {
        var errors = new List<FieldError>();
        var address = email?.Trim() ?? string.Empty;
        if (!IsEmail(address))
        {
            errors.Add(new FieldError(nameof(Email), "Enter an e-mail address like name@example.org."));
        }

        var first = firstName?.Trim() ?? string.Empty;
        var last = lastName?.Trim() ?? string.Empty;
        if (first.Length > NameMaxLength || last.Length > NameMaxLength)
        {
            errors.Add(new FieldError(first.Length > NameMaxLength ? nameof(FirstName) : nameof(LastName), $"Keep names to {NameMaxLength} characters or fewer."));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new Participant
        {
            Id = Guid.NewGuid(),
            SurveyId = surveyId,
            Email = address,
            FirstName = first,
            LastName = last,
            AttributesJson = JsonSerializer.Serialize((attributes ?? new Dictionary<string, string>()).OrderBy(a => a.Key, StringComparer.Ordinal).ToDictionary(a => a.Key, a => a.Value)),
            Status = ParticipantStatus.Pending,
            CreatedAt = now,
        }, errors);
    }

    /// <summary>Corrects a person's details; the same checks as when adding them.</summary>
    public IReadOnlyList<FieldError> Update(string? email, string? firstName, string? lastName, IReadOnlyDictionary<string, string>? attributes)
    {
        var (checkedCopy, errors) = Create(SurveyId, email, firstName, lastName, attributes, CreatedAt);
        if (checkedCopy is null)
        {
            return errors;
        }

        Email = checkedCopy.Email;
        FirstName = checkedCopy.FirstName;
        LastName = checkedCopy.LastName;
        AttributesJson = checkedCopy.AttributesJson;
        if (Status == ParticipantStatus.Bounced)
        {
            Status = ParticipantStatus.Pending; // A corrected address can be invited again.
        }

        return [];
    }

    /// <summary>The normalised form used to find duplicates: trimmed and lower-case.</summary>
    public static string Normalise(string email) => email.Trim().ToLowerInvariant();

    public static bool IsEmail(string text) =>
        text.Length <= EmailMaxLength && MailAddress.TryCreate(text, out var parsed) && parsed.Address == text && parsed.Host.Contains('.', StringComparison.Ordinal);

    /// <summary>Replaces the personal link's token (its hash); the previous link stops working.</summary>
    public void IssueToken(string tokenHash)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tokenHash);
        TokenHash = tokenHash;
    }

    public bool HasResponded => Status == ParticipantStatus.Completed;

    /// <summary>The participant opened their link and has a session (or re-opened it to resume).</summary>
    public void Start(Guid sessionId)
    {
        if (HasResponded)
        {
            throw new InvalidOperationException("This participant has already responded.");
        }

        SessionId = sessionId;
        if (Status is ParticipantStatus.Pending or ParticipantStatus.Sent or ParticipantStatus.Failed or ParticipantStatus.Bounced)
        {
            Status = ParticipantStatus.Started;
        }
    }

    /// <summary>An invitation or reminder went out.</summary>
    public void MarkSent(MailingKind kind, DateTime now)
    {
        SentAt = now;
        LastError = null;
        if (kind == MailingKind.Reminder)
        {
            Reminders++;
        }

        if (Status is ParticipantStatus.Pending or ParticipantStatus.Failed or ParticipantStatus.Bounced)
        {
            Status = ParticipantStatus.Sent;
        }
    }

    /// <summary>Sending failed for good: the owner sees the SMTP error.</summary>
    public void MarkFailed(string error)
    {
        LastError = Delivery.Clip(error);
        if (Status is ParticipantStatus.Pending or ParticipantStatus.Sent)
        {
            Status = ParticipantStatus.Failed;
        }
    }

    /// <summary>The address was refused for good: the owner sees why, and invitations may try again after it is corrected.</summary>
    public void MarkBounced(string error)
    {
        ArgumentNullException.ThrowIfNull(error);
        LastError = Delivery.Clip(error);
        if (Status is ParticipantStatus.Pending or ParticipantStatus.Sent or ParticipantStatus.Failed)
        {
            Status = ParticipantStatus.Bounced;
        }
    }

    /// <summary>The person asked for no more e-mail: never mailed again for this survey, or for any when <paramref name="everywhere"/>.</summary>
    public void OptOut(DateTime now, bool everywhere)
    {
        OptedOutAt ??= now;
        OptedOutEverywhere |= everywhere;
        if (Status != ParticipantStatus.Completed)
        {
            Status = ParticipantStatus.OptedOut;
        }
    }

    public void Complete(DateTime now)
    {
        Status = ParticipantStatus.Completed;
        CompletedAt = now;
    }

    /// <summary>
    /// Anonymous mode, once the participant has responded: only their completion status is kept. The link
    /// to their answering session is cleared and the completion time kept to the UTC day.
    /// </summary>
    public void Unlink()
    {
        if (!HasResponded || CompletedAt is not { } completed)
        {
            throw new InvalidOperationException("Only a participant who has responded is unlinked from their response.");
        }

        SessionId = null;
        CompletedAt = UtcDay.Of(completed);
    }
}
