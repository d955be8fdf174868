namespace SurveyPlatform.Domain.Distribution;

public enum MailingKind
{
    Invitation,
    Reminder,
}

public enum MailingStatus
{
    Scheduled,
    Sending,
    Completed,
}

public enum DeliveryStatus
{
    Pending,
    Sent,
    Failed,

    /// <summary>Not sent: the person opted out or finished before their turn came.</summary>
    Skipped,
}

/// <summary>
/// One send of invitations or reminders for a survey. Its recipients are fixed when it is created
/// (one <see cref="Delivery"/> each), so a crash and restart carries on with exactly the people not
/// yet sent to. A reminder mailing repeats every <see cref="RepeatDays"/> days up to
/// <see cref="MaxRounds"/> rounds, each round to the people who have still not finished.
/// </summary>
public sealed class Mailing
{
    public const int MaxRetries = 5;

    private Mailing()
    {
        Subject = null!;
        Body = null!;
    }

    public Guid Id { get; private set; }
    public Guid SurveyId { get; private set; }
    public MailingKind Kind { get; private set; }
    public string Subject { get; private set; }
    public string Body { get; private set; }
    public DateTime CreatedAt { get; private set; }

    /// <summary>When the (next) round is due, UTC.</summary>
    public DateTime ScheduledAt { get; private set; }

    public MailingStatus Status { get; private set; }
    public int RatePerMinute { get; private set; }
    public int Round { get; private set; }
    public int MaxRounds { get; private set; }
    public int RepeatDays { get; private set; }

    public MailTemplate Template => new(Subject, Body);

    public static (Mailing? Mailing, IReadOnlyList<Questionnaires.FieldError> Errors) Create(
        Guid surveyId, MailingKind kind, MailTemplate template, DateTime scheduledAt, int ratePerMinute, int maxRounds, int repeatDays, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(template);
        var errors = template.Problems().ToList();
        if (ratePerMinute is < 1 or > 100_000)
        {
            errors.Add(new(nameof(RatePerMinute), "Enter a rate from 1 to 100000 messages a minute."));
        }

        if (kind == MailingKind.Reminder && (maxRounds is < 1 or > 10 || repeatDays is < 1 or > 60))
        {
            errors.Add(new(nameof(MaxRounds), "Send from 1 to 10 reminders, every 1 to 60 days."));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new Mailing
        {
            Id = Guid.NewGuid(),
            SurveyId = surveyId,
            Kind = kind,
            Subject = template.Subject.Trim(),
            Body = template.Body,
            CreatedAt = now,
            ScheduledAt = scheduledAt < now ? now : scheduledAt,
            Status = MailingStatus.Scheduled,
            RatePerMinute = ratePerMinute,
            Round = 1,
            MaxRounds = kind == MailingKind.Reminder ? maxRounds : 1,
            RepeatDays = kind == MailingKind.Reminder ? repeatDays : 0,
        }, errors);
    }

    /// <summary>Whether someone gets this mailing's current round: never after opting out or finishing.</summary>
    public bool IsFor(Participant participant) => IsFor(Kind, participant);

    /// <summary>Invitations go to people not yet invited (or whose invitation failed); reminders to the invited who have not finished.</summary>
    public static bool IsFor(MailingKind kind, Participant participant)
    {
        ArgumentNullException.ThrowIfNull(participant);
        return participant.Status switch
        {
            ParticipantStatus.OptedOut or ParticipantStatus.Completed => false,
            _ when participant.OptedOutEverywhere => false,
            ParticipantStatus.Pending or ParticipantStatus.Failed or ParticipantStatus.Bounced => kind == MailingKind.Invitation,
            _ => kind == MailingKind.Reminder, // Sent or Started: invited but not finished.
        };
    }

    public void StartSending() => Status = MailingStatus.Sending;

    /// <summary>Ends a round: a reminder with rounds left is due again after its interval.</summary>
    public bool FinishRound()
    {
        if (Round < MaxRounds)
        {
            Round++;
            ScheduledAt = ScheduledAt.AddDays(RepeatDays);
            Status = MailingStatus.Scheduled;
            return true;
        }

        Status = MailingStatus.Completed;
        return false;
    }

    public TimeSpan Interval => TimeSpan.FromMinutes(1.0 / RatePerMinute);
}

/// <summary>One message of one round to one person. Marked sent in the same transaction as the send.</summary>
public sealed class Delivery
{
    public const int ErrorMaxLength = 1000;

    private Delivery()
    {
    }

    public Delivery(Guid mailingId, Guid participantId, int round)
    {
        Id = Guid.NewGuid();
        MailingId = mailingId;
        ParticipantId = participantId;
        Round = round;
        Status = DeliveryStatus.Pending;
    }

    public Guid Id { get; private set; }
    public Guid MailingId { get; private set; }
    public Guid ParticipantId { get; private set; }
    public int Round { get; private set; }
    public DeliveryStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public DateTime? NextAttemptAt { get; private set; }
    public DateTime? SentAt { get; private set; }
    public string? LastError { get; private set; }

    public void MarkSent(DateTime now)
    {
        Status = DeliveryStatus.Sent;
        SentAt = now;
        Attempts++;
        LastError = null;
    }

    public void Skip() => Status = DeliveryStatus.Skipped;

    /// <summary>An SMTP error as stored: at most <see cref="ErrorMaxLength"/> characters.</summary>
    internal static string Clip(string error) => error.Length > ErrorMaxLength ? error[..ErrorMaxLength] : error;

    /// <summary>The server refused the address for good (a 5xx reply for the recipient): no retries.</summary>
    public void Bounce(string error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Attempts++;
        LastError = Clip(error);
        Status = DeliveryStatus.Failed;
        NextAttemptAt = null;
    }

    /// <summary>Records a failed attempt: retried with backoff (1, 2, 4, 8 minutes), then failed for good.</summary>
    public bool Fail(string error, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(error);
        Attempts++;
        LastError = Clip(error);
        if (Attempts >= Mailing.MaxRetries)
        {
            Status = DeliveryStatus.Failed;
            NextAttemptAt = null;
            return false;
        }

        NextAttemptAt = now.AddMinutes(Math.Pow(2, Attempts - 1));
        return true;
    }
}

/// <summary>A personal link sent by e-mail: only its hash. Several may lead to one participant (invitation, reminders).</summary>
public sealed class ParticipantLink
{
    private ParticipantLink()
    {
        TokenHash = null!;
    }

    public ParticipantLink(string tokenHash, Guid participantId, DateTime issuedAt)
    {
        TokenHash = tokenHash;
        ParticipantId = participantId;
        IssuedAt = issuedAt;
    }

    public string TokenHash { get; private set; }
    public Guid ParticipantId { get; private set; }
    public DateTime IssuedAt { get; private set; }
}
