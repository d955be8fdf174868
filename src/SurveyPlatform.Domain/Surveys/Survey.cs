using System.Text.Json;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Exports;

namespace SurveyPlatform.Domain.Surveys;

public enum SurveyStatus
{
    Draft,
    Open,
    Closed,
}

public enum CloseReason
{
    Manual,
    Schedule,

    /// <summary>The response limit was reached.</summary>
    Limit,
}

/// <summary>Who may answer: anyone with the public link, only people with a personal link, or both.</summary>
public enum AccessMode
{
    /// <summary>Only the public link <c>/s/{code}</c>; personal links are not valid.</summary>
    PublicLink,

    /// <summary>Only personal links <c>/i/{token}</c>; the public link says the survey is by invitation only.</summary>
    Invitation,

    Both,
}

/// <summary>What the public link shows right now.</summary>
public enum SurveyAvailability
{
    /// <summary>No such survey, or a draft that was never published.</summary>
    NotFound,
    NotYetOpen,
    Open,
    Closed,

    /// <summary>Closed because its response limit was reached.</summary>
    Full,
}

/// <summary>
/// A survey and its life: a draft is edited, publishing freezes a version and opens the public
/// link, closing stops responses. Invariants live here, not in page models.
/// </summary>
public sealed class Survey
{
    public const int TitleMaxLength = 200;
    public const int DescriptionMaxLength = 4000;

    private readonly List<SurveyVersion> _versions = [];
    private readonly List<SurveyShare> _shares = [];

    private Survey()
    {
        OwnerId = null!;
        Title = null!;
        Description = null!;
    }

    public Guid Id { get; private set; }
    public string OwnerId { get; private set; }
    public string Title { get; private set; }
    public string Description { get; private set; }
    public SurveyStatus Status { get; private set; }
    public string? PublicCode { get; private set; }
    /// <summary>The draft's definition as JSON. Not there on a survey read for a respondent's page (see <see cref="SurveyDraft"/>).</summary>
    public string DraftDefinitionJson
    {
        get => (DraftPart ?? throw new InvalidOperationException("This survey was read without its draft (a respondent's read); read it with its draft to use the draft.")).DefinitionJson;
        private set
        {
            if (DraftPart is null)
            {
                DraftPart = new SurveyDraft(value);
            }
            else
            {
                DraftPart.DefinitionJson = value;
            }
        }
    }

    /// <summary>The draft, stored in this survey's row; null when the survey was read without it.</summary>
    public SurveyDraft? DraftPart { get; private set; }
    public int PublishedVersion { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? PublishedAt { get; private set; }
    public DateTime? CloseAt { get; private set; }
    public DateTime? ClosedAt { get; private set; }
    public CloseReason? ClosedBy { get; private set; }

    /// <summary>An open survey whose draft is being edited into the next version.</summary>
    public bool IsRevising { get; private set; }

    public DateTime? ArchivedAt { get; private set; }

    /// <summary>Responses are accepted from this time (UTC); null means from publishing.</summary>
    public DateTime? OpensAt { get; private set; }

    /// <summary>Completed responses after which the survey closes; null means no limit.</summary>
    public int? ResponseLimit { get; private set; }

    /// <summary>Minutes a respondent who started before the close may still finish.</summary>
    public int GraceMinutes { get; private set; } = DefaultGraceMinutes;

    /// <summary>Days an unfinished response can be resumed after its last save.</summary>
    public int PartialExpiryDays { get; private set; } = DefaultPartialExpiryDays;

    /// <summary>The respondent pages' language ("en", "de"), or null to follow the browser.</summary>
    public string? Language { get; private set; }

    /// <summary>Whether the public link, personal links or both can start a response.</summary>
    public AccessMode AccessMode { get; private set; } = AccessMode.Both;

    /// <summary>
    /// Responses keep no link to the participant (only their completion status is tracked) and their
    /// times are kept to the day. Set before the first response; it cannot change afterwards.
    /// </summary>
    public bool Anonymous { get; private set; }

    /// <summary>The participant attributes the owner marked as non-identifying, as a JSON array of names.</summary>
    public string NonIdentifyingAttributesJson { get; private set; } = "[]";

    /// <summary>Participant attributes an anonymous survey may still export with each response.</summary>
    public IReadOnlyList<string> NonIdentifyingAttributes =>
        JsonSerializer.Deserialize<List<string>>(NonIdentifyingAttributesJson) ?? [];

    public bool AllowsPublicLink => AccessMode != AccessMode.Invitation;

    public bool AllowsPersonalLinks => AccessMode != AccessMode.PublicLink;

    public const int MaxNonIdentifyingAttributes = 50;

    /// <summary>Names that always identify a person, so they can never be marked non-identifying.</summary>
    public static readonly IReadOnlySet<string> IdentifyingNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "email", "e_mail", "mail", "name", "first_name", "firstname", "last_name", "lastname", "surname", "full_name", "fullname",
    };

    /// <summary>The highest export level a collaborator shared as Researcher may download (the owner always has Full).</summary>
    public ExportLevel ResearcherExportLevel { get; private set; } = ExportLevel.Full;

    /// <summary>The highest export level a collaborator shared as Editor may download.</summary>
    public ExportLevel EditorExportLevel { get; private set; } = ExportLevel.Full;

    /// <summary>The owner's time zone (IANA id) in which opening and closing times are entered and shown; stored times are UTC.</summary>
    public string TimeZone { get; private set; } = "UTC";

    /// <summary>What happens to the responses and participant data some days after the close (see <see cref="RetentionAction"/>).</summary>
    public RetentionAction RetentionAction { get; private set; } = RetentionAction.None;

    /// <summary>Days after the close at which <see cref="RetentionAction"/> applies; null when it is None.</summary>
    public int? RetentionDays { get; private set; }

    /// <summary>When retention last removed or anonymised something in this survey (UTC), and what.</summary>
    public DateTime? RetentionLastRunAt { get; private set; }

    public string? RetentionLastResult { get; private set; }

    public const int MaxRetentionDays = 3650;
    public const int RetentionResultMaxLength = 300;

    public const int DefaultGraceMinutes = 60;
    public const int DefaultPartialExpiryDays = 30;
    public static readonly IReadOnlyList<string> Languages = ["en", "de"];

    public IReadOnlyCollection<SurveyVersion> Versions => _versions;
    public IReadOnlyCollection<SurveyShare> Shares => _shares;

    /// <summary>
    /// The draft, parsed. The builder reads it several times a request, so it is parsed once for each version of
    /// its JSON: every change to the draft sets a new string, and a definition is immutable, so the parsed one is
    /// kept until the string is another.
    /// </summary>
    public SurveyDefinition Draft
    {
        get
        {
            var json = DraftDefinitionJson;
            if (_parsedDraft is not { } parsed || !ReferenceEquals(parsed.Json, json))
            {
                parsed = (json, SurveyDefinition.FromJson(json));
                _parsedDraft = parsed;
            }

            return parsed.Definition;
        }
    }

    private (string Json, SurveyDefinition Definition)? _parsedDraft;

    public static Survey Create(string ownerId, string title, string? description, DateTime now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ownerId);
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        return new Survey
        {
            Id = Guid.NewGuid(),
            OwnerId = ownerId,
            Title = title.Trim(),
            Description = description?.Trim() ?? string.Empty,
            Status = SurveyStatus.Draft,
            DraftDefinitionJson = new SurveyDefinition().ToJson(),
            CreatedAt = now,
        };
    }

    /// <summary>A new draft from a template or an imported file: an ordinary, editable draft.</summary>
    public static Survey CreateFrom(string ownerId, string title, string? description, SurveyDefinition definition, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var survey = Create(ownerId, title.Length > TitleMaxLength ? title[..TitleMaxLength] : title, description, now);
        survey.DraftDefinitionJson = definition.ToJson();
        return survey;
    }

    /// <summary>A new draft under a given id: an import confirmed twice finds the draft it already made.</summary>
    public static Survey CreateFrom(string ownerId, string title, string? description, SurveyDefinition definition, DateTime now, Guid id)
    {
        var survey = CreateFrom(ownerId, title, description, definition, now);
        survey.Id = id;
        return survey;
    }

    public bool IsEditable => Status == SurveyStatus.Draft || (Status == SurveyStatus.Open && IsRevising);

    /// <summary>Starts editing an open survey into version n+1; version n keeps collecting until that is published.</summary>
    public string? StartRevision()
    {
        if (Status != SurveyStatus.Open)
        {
            return "Only an open survey can be edited into a new version.";
        }

        IsRevising = true;
        return null;
    }

    /// <summary>A draft that was never published can be deleted; anything with a version keeps its history.</summary>
    public bool CanBeDeleted => Status == SurveyStatus.Draft && PublishedVersion == 0;

    public void Archive(DateTime now) => ArchivedAt ??= now;

    public void Unarchive() => ArchivedAt = null;

    public Survey Duplicate(string ownerId, DateTime now) =>
        CreateFrom(ownerId, $"Copy of {Title}", Description, Draft, now);

    public void Rename(string title, string? description)
    {
        EnsureEditable();
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        Title = title.Trim();
        Description = description?.Trim() ?? string.Empty;
    }

    public IReadOnlyList<FieldError> AddQuestion(QuestionDefinition question, int pageIndex = -1)
    {
        EnsureEditable();
        var draft = Draft;
        var errors = QuestionDraft.Check(draft, question);
        if (errors.Count == 0)
        {
            DraftDefinitionJson = draft.WithQuestion(question, pageIndex).ToJson();
        }

        return errors;
    }

    /// <summary>Changes a question in place. Whether the change orphans answers is checked when publishing.</summary>
    public IReadOnlyList<FieldError> ReplaceQuestion(string code, QuestionDefinition question)
    {
        EnsureEditable();
        var draft = Draft;
        if (draft.Find(code) is null)
        {
            return [new FieldError("Code", $"There is no question {code} to change.")];
        }

        var errors = QuestionDraft.Check(draft.WithoutQuestion(code), question);
        if (errors.Count == 0)
        {
            DraftDefinitionJson = draft.ReplaceQuestion(code, question).ToJson();
        }

        return errors;
    }

    /// <summary>
    /// Replaces the whole draft (the API's PUT): the title and description within their limits, each
    /// page condition through the page form's check and each question through the builder's
    /// (QuestionDraft.Check) in questionnaire order, so the result is a draft the builder could have
    /// made. Returns every problem, each naming its page and question; nothing changes unless there
    /// are none.
    /// </summary>
    public IReadOnlyList<string> ReplaceDraft(string title, string? description, SurveyDefinition definition)
    {
        EnsureEditable();
        ArgumentNullException.ThrowIfNull(definition);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(title))
        {
            problems.Add("Enter a title.");
        }
        else if (title.Trim().Length > TitleMaxLength)
        {
            problems.Add($"Keep the title to {TitleMaxLength} characters or fewer.");
        }

        if (description?.Trim().Length > DescriptionMaxLength)
        {
            problems.Add($"Keep the description to {DescriptionMaxLength} characters or fewer.");
        }

        var built = new SurveyDefinition();
        for (var p = 0; p < definition.Pages.Count; p++)
        {
            var page = definition.Pages[p];
            if (!string.IsNullOrWhiteSpace(page.Condition))
            {
                var (_, errors) = Logic.ConditionParser.ParseAndCheck(page.Condition, built.CodesBefore(null), []);
                problems.AddRange(errors.Select(e => $"Page {p + 1}: condition: {e}"));
            }

            built = built.WithPage(page with { Questions = [] });
            foreach (var question in page.Questions)
            {
                problems.AddRange(QuestionDraft.Check(built, question).Select(e =>
                    $"Page {p + 1}, question {(string.IsNullOrEmpty(question.Code) ? "(no code)" : question.Code)}: {e.Field}: {e.Message}"));
                built = built.WithQuestion(question, p);
            }
        }

        if (problems.Count == 0)
        {
            Title = title.Trim();
            Description = description?.Trim() ?? string.Empty;
            DraftDefinitionJson = definition.ToJson();
        }

        return problems;
    }

    public string? AddPage(string title, string? intro, string? condition)
    {
        EnsureEditable();
        if (string.IsNullOrWhiteSpace(title))
        {
            return "Enter a page title.";
        }

        var draft = Draft;
        if (!string.IsNullOrWhiteSpace(condition))
        {
            var (_, errors) = Logic.ConditionParser.ParseAndCheck(condition, draft.CodesBefore(null), []);
            if (errors.Count > 0)
            {
                return errors[0].ToString();
            }
        }

        DraftDefinitionJson = draft.WithPage(new PageDefinition { Title = title.Trim(), Intro = string.IsNullOrWhiteSpace(intro) ? null : intro.Trim(), Condition = string.IsNullOrWhiteSpace(condition) ? null : condition.Trim() }).ToJson();
        return null;
    }

    public void RemoveEmptyPage(int pageIndex)
    {
        EnsureEditable();
        DraftDefinitionJson = Draft.WithoutEmptyPage(pageIndex).ToJson();
    }

    /// <summary>
    /// Duplicates a question right after itself with the same options and settings, under the first free
    /// code of the form <c>role_2</c>, <c>role_3</c>… Returns the new code, or why it could not be copied.
    /// </summary>
    public (string? Copy, string? Refused) CopyQuestion(string code)
    {
        EnsureEditable();
        var draft = Draft;
        if (draft.Find(code) is not { } original)
        {
            return (null, "That question cannot be copied: it is no longer in the draft.");
        }

        var stem = System.Text.RegularExpressions.Regex.Replace(original.Code, @"_[0-9]+\z", string.Empty, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        var newCode = Enumerable.Range(2, 998)
            .Select(i => $"_{i}")
            .Select(suffix => (stem.Length + suffix.Length > QuestionDraft.MaxCodeLength ? stem[..(QuestionDraft.MaxCodeLength - suffix.Length)] : stem) + suffix)
            .FirstOrDefault(c => draft.Find(c) is null && !draft.Questions.SelectMany(q => q.AnswerKeys()).Contains(c, StringComparer.OrdinalIgnoreCase));
        if (newCode is null)
        {
            return (null, $"Question {code} cannot be copied: every code from {stem}_2 to {stem}_999 is taken.");
        }

        DraftDefinitionJson = draft.CopyQuestion(code, newCode).ToJson();
        return (newCode, null);
    }

    /// <summary>Removes a question, unless it has collected answers (they would be orphaned).</summary>
    public string? RemoveQuestion(string code, bool hasAnswers = false)
    {
        EnsureEditable();
        if (hasAnswers)
        {
            return $"Question {code} already has answers, so it cannot be deleted: the answers would lose their question. Hide it with a condition instead.";
        }

        DraftDefinitionJson = Draft.WithoutQuestion(code).ToJson();
        return null;
    }

    /// <summary>
    /// Moves a question one place up (-1) or down (+1), across pages at a page's ends. A move that would put a
    /// question before one its show-if condition or piped text uses (or a page before one its condition uses)
    /// is refused with the reason; nothing changes then.
    /// </summary>
    public string? MoveQuestion(string code, int offset)
    {
        EnsureEditable();
        var draft = Draft;
        return Reorder(draft, draft.MoveQuestion(code, offset));
    }

    /// <summary>Moves a question to a position on a page (drag and drop), with the same check as <see cref="MoveQuestion"/>.</summary>
    public string? MoveQuestionTo(string code, int pageIndex, int position)
    {
        EnsureEditable();
        var draft = Draft;
        return Reorder(draft, draft.MoveQuestionTo(code, pageIndex, position));
    }

    /// <summary>Swaps a page with its neighbour, with the same check as <see cref="MoveQuestion"/>.</summary>
    public string? MovePage(int pageIndex, int offset)
    {
        EnsureEditable();
        var draft = Draft;
        return Reorder(draft, draft.MovePage(pageIndex, offset));
    }

    /// <summary>Moves a page to another place (drag and drop), with the same check as <see cref="MoveQuestion"/>.</summary>
    public string? MovePageTo(int pageIndex, int target)
    {
        EnsureEditable();
        var draft = Draft;
        return Reorder(draft, draft.MovePageTo(pageIndex, target));
    }

    private string? Reorder(SurveyDefinition before, SurveyDefinition after)
    {
        var known = DefinitionCheck.OrderProblems(before).ToHashSet(StringComparer.Ordinal);
        if (DefinitionCheck.OrderProblems(after).FirstOrDefault(p => !known.Contains(p)) is { } broken)
        {
            return $"Not moved: {broken}";
        }

        DraftDefinitionJson = after.ToJson();
        return null;
    }

    /// <summary>
    /// Freezes the draft as the next version and opens the public link. For a revision,
    /// <paramref name="answeredKeys"/> are the answer keys that already hold answers: a change that
    /// would orphan them is refused.
    /// </summary>
    public IReadOnlyList<string> Publish(DateTime now, string publicCode, IReadOnlySet<string>? answeredKeys = null)
    {
        if (Status != SurveyStatus.Draft && !(Status == SurveyStatus.Open && IsRevising))
        {
            return ["Only a draft can be published."];
        }

        if (PublishedVersion > 0 && _versions.Count == 0)
        {
            // The versions are needed to protect collected answers; publishing without them would skip that.
            throw new InvalidOperationException("Load the survey's versions before publishing a new one.");
        }

        var draft = Draft;
        var problems = DefinitionCheck.Problems(draft).ToList();
        if (IsRevising && _versions.OrderByDescending(v => v.Number).FirstOrDefault() is { } previous)
        {
            problems.AddRange(VersionChange.Problems(previous.Definition, draft, answeredKeys ?? new HashSet<string>()));
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        IsRevising = false;

        if (CloseAt is { } closeAt && closeAt <= now)
        {
            return ["The close time has already passed; choose a later one or clear it."];
        }

        PublishedVersion++;
        _versions.Add(new SurveyVersion(Id, PublishedVersion, draft.ToJson(), now));
        PublicCode ??= publicCode;
        PublishedAt = now;
        Status = SurveyStatus.Open;
        return [];
    }

    /// <summary>Closes an open survey. Returns false when it was not open, so a repeated close is harmless.</summary>
    public bool Close(DateTime now, CloseReason reason)
    {
        if (Status != SurveyStatus.Open)
        {
            return false;
        }

        Status = SurveyStatus.Closed;
        ClosedAt = now;
        ClosedBy = reason;
        return true;
    }

    /// <summary>
    /// Opens a closed survey again, through the same links; every response stays as it is. Refused
    /// while the response limit is still reached (the owner raises or removes it first, or the next
    /// response would close it again at once) and once retention has deleted or anonymised
    /// responses. A close time that has passed is cleared, so the survey does not close again at
    /// once; a later one stays.
    /// </summary>
    /// <param name="completedResponses">The survey's completed responses now.</param>
    /// <param name="releasedAt">
    /// When results of one of its scoring runs were first released (by the owner, or by sending respondent reports), if
    /// ever: a released result must stay what people saw, so the survey is not reopened.
    /// </param>
    public string? Reopen(DateTime now, int completedResponses, DateTime? releasedAt = null)
    {
        if (Status != SurveyStatus.Closed)
        {
            return "Only a closed survey can be reopened.";
        }

        if (releasedAt is { } released)
        {
            return $"Its results were released on {released:yyyy-MM-dd HH:mm} UTC, so it cannot be reopened: new responses would change results people have already seen. To collect more responses, duplicate the survey (All surveys, Duplicate) and publish the copy.";
        }

        if (RetentionLastRunAt is not null)
        {
            return "Retention has already deleted or anonymised this survey's responses, so it cannot be reopened: new responses would be mixed with the changed ones. Duplicate it to collect again.";
        }

        if (ResponseLimit is { } limit && completedResponses >= limit)
        {
            return $"This survey has reached its response limit ({completedResponses} of {limit}). Raise or remove the limit under Respondents first, then reopen it.";
        }

        if (CloseAt is { } closeAt && closeAt <= now)
        {
            CloseAt = null;
        }

        Status = SurveyStatus.Open;
        ClosedAt = null;
        ClosedBy = null;
        return null;
    }

    public string? ScheduleClose(DateTime? closeAt, DateTime now)
    {
        if (Status == SurveyStatus.Closed)
        {
            return "The survey is already closed.";
        }

        if (closeAt is { } at && at <= now)
        {
            return "The close time must be in the future.";
        }

        if (closeAt is { } closes && OpensAt is { } opens && closes <= opens)
        {
            return "The close time must be after the opening time.";
        }

        CloseAt = closeAt;
        return null;
    }

    public bool IsAcceptingResponses(DateTime now) =>
        Status == SurveyStatus.Open && (OpensAt is null || now >= OpensAt) && (CloseAt is null || now < CloseAt);

    /// <summary>When responses stopped: the close, or a scheduled close time that has passed before its job ran.</summary>
    public DateTime? ClosedSince(DateTime now) =>
        Status == SurveyStatus.Closed && ClosedBy == CloseReason.Schedule && CloseAt is { } scheduled && ClosedAt is { } ran && scheduled < ran ? scheduled
        : Status == SurveyStatus.Closed ? ClosedAt
        : Status == SurveyStatus.Open && CloseAt is { } at && at <= now ? at
        : null;

    /// <summary>
    /// The grace period: someone who started (was shown the first page) before the survey stopped taking
    /// responses may still finish until <see cref="GraceMinutes"/> after that.
    /// </summary>
    public bool InGracePeriod(DateTime startedAt, DateTime now) =>
        ClosedSince(now) is { } closed && startedAt < closed && now < closed.AddMinutes(GraceMinutes);

    /// <summary>
    /// Whether a new respondent's first page, shown at <paramref name="shownAt"/>, may be saved now: the survey
    /// takes responses, or it was shown before a close and the grace period is on. Not after the response limit
    /// closed it: someone who has saved nothing yet does not take a place beyond the limit.
    /// </summary>
    public bool AcceptsFirstSave(DateTime? shownAt, DateTime now) =>
        IsAcceptingResponses(now) || (shownAt is { } shown && Availability(now) != SurveyAvailability.Full && InGracePeriod(shown, now));

    public SurveyAvailability Availability(DateTime now) => Status switch
    {
        SurveyStatus.Draft => SurveyAvailability.NotFound,
        SurveyStatus.Closed => ClosedBy == CloseReason.Limit ? SurveyAvailability.Full : SurveyAvailability.Closed,
        _ when CloseAt is { } at && at <= now => SurveyAvailability.Closed,
        _ when OpensAt is { } opens && now < opens => SurveyAvailability.NotYetOpen,
        _ => SurveyAvailability.Open,
    };

    /// <summary>Sets the time zone for entering and showing times; an unknown zone is refused.</summary>
    public string? SetTimeZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || !TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone))
        {
            return "Choose a time zone such as Europe/Berlin or America/New_York.";
        }

        TimeZone = zone.Id;
        return null;
    }

    /// <summary>Respondent settings: when the link opens, the response limit, the grace period, partial expiry and language.</summary>
    public IReadOnlyList<FieldError> ConfigureResponding(DateTime? opensAt, int? responseLimit, int graceMinutes, int partialExpiryDays, string? language)
    {
        var errors = new List<FieldError>();
        if (responseLimit is < 1)
        {
            errors.Add(new FieldError(nameof(ResponseLimit), "Enter a limit of at least 1, or leave it empty for no limit."));
        }

        if (graceMinutes is < 0 or > 7 * 24 * 60)
        {
            errors.Add(new FieldError(nameof(GraceMinutes), "Enter a grace period from 0 to 10080 minutes (a week)."));
        }

        if (partialExpiryDays is < 1 or > 365)
        {
            errors.Add(new FieldError(nameof(PartialExpiryDays), "Enter from 1 to 365 days."));
        }

        language = language?.Trim().ToLowerInvariant();
        if (language is not null && !Languages.Contains(language))
        {
            errors.Add(new FieldError(nameof(Language), "Choose English, German or the browser's language."));
        }

        if (opensAt is { } opens && CloseAt is { } closes && opens >= closes)
        {
            errors.Add(new FieldError(nameof(OpensAt), "The opening time must be before the close time."));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        OpensAt = opensAt;
        ResponseLimit = responseLimit;
        GraceMinutes = graceMinutes;
        PartialExpiryDays = partialExpiryDays;
        Language = language;
        return errors;
    }

    /// <summary>
    /// The owner's retention choice: none, or delete / anonymise the responses and participant data
    /// <paramref name="days"/> days after the close (1 to <see cref="MaxRetentionDays"/>).
    /// </summary>
    public IReadOnlyList<FieldError> ConfigureRetention(RetentionAction action, int? days)
    {
        if (!Enum.IsDefined(action))
        {
            return [new FieldError(nameof(RetentionAction), "Choose to keep the responses, delete them or anonymise them.")];
        }

        if (action == RetentionAction.None)
        {
            RetentionAction = action;
            RetentionDays = null;
            return [];
        }

        if (days is not { } n || n < 1 || n > MaxRetentionDays)
        {
            return [new FieldError(nameof(RetentionDays), $"Enter a number of days from 1 to {MaxRetentionDays} after the close.")];
        }

        RetentionAction = action;
        RetentionDays = n;
        return [];
    }

    /// <summary>When the retention choice applies: <see cref="RetentionDays"/> after the close; null while open or with no choice.</summary>
    public DateTime? RetentionDueAt =>
        RetentionAction != RetentionAction.None && RetentionDays is { } days && Status == SurveyStatus.Closed && ClosedAt is { } closed
            ? closed.AddDays(days)
            : null;

    public bool IsRetentionDue(DateTime now) => RetentionDueAt is { } due && now >= due;

    /// <summary>Records a retention run that changed something (a run that finds nothing to do leaves the record as it was).</summary>
    public void RecordRetentionRun(DateTime now, string result)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(result);
        RetentionLastRunAt = now;
        RetentionLastResult = result.Length > RetentionResultMaxLength ? result[..RetentionResultMaxLength] : result;
    }

    /// <summary>Chooses who may answer: the public link, personal links, or both.</summary>
    public string? SetAccessMode(AccessMode mode)
    {
        if (!Enum.IsDefined(mode))
        {
            return "Choose public link only, invitation only, or both.";
        }

        AccessMode = mode;
        return null;
    }

    /// <summary>
    /// Anonymous mode and the attributes that may still be exported with anonymous responses.
    /// Anonymity is chosen before the first response (<paramref name="responses"/> counts the
    /// completed ones): turning it off would break the promise made to those who answered, and
    /// turning it on would not unlink the responses already collected.
    /// </summary>
    public IReadOnlyList<FieldError> ConfigureAnonymity(bool anonymous, IEnumerable<string>? nonIdentifyingAttributes, int responses)
    {
        var errors = new List<FieldError>();
        if (anonymous != Anonymous && responses > 0)
        {
            errors.Add(new FieldError(nameof(Anonymous), anonymous
                ? $"This survey already has {responses} response(s) linked to their participants, so it cannot become anonymous now. Anonymous mode is chosen before the first response."
                : $"This survey already has {responses} response(s) collected anonymously, so anonymous mode cannot be turned off: those respondents were promised anonymity."));
        }

        var names = new List<string>();
        foreach (var raw in nonIdentifyingAttributes ?? [])
        {
            var name = raw.Trim();
            if (name.Length == 0 || names.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!QuestionDraft.IsValidCode(name))
            {
                errors.Add(new FieldError(nameof(NonIdentifyingAttributes), $"\"{name}\" is not an attribute name: use letters, digits or _, starting with a letter."));
                break;
            }

            if (IdentifyingNames.Contains(name))
            {
                errors.Add(new FieldError(nameof(NonIdentifyingAttributes), $"\"{name}\" identifies a person, so it cannot be marked non-identifying."));
                break;
            }

            names.Add(name);
        }

        if (names.Count > MaxNonIdentifyingAttributes)
        {
            errors.Add(new FieldError(nameof(NonIdentifyingAttributes), $"Mark at most {MaxNonIdentifyingAttributes} attributes."));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        Anonymous = anonymous;
        NonIdentifyingAttributesJson = JsonSerializer.Serialize(names);
        return errors;
    }

    /// <summary>Shares the survey with another user: a Researcher reads results, an Editor also edits the questionnaire.</summary>
    public void ShareWith(string userId, ShareRole role = ShareRole.Researcher)
    {
        if (userId == OwnerId)
        {
            return;
        }

        if (_shares.FirstOrDefault(s => s.UserId == userId) is { } existing)
        {
            existing.ChangeRole(role);
            return;
        }

        _shares.Add(new SurveyShare(Id, userId, role));
    }

    /// <summary>The highest export level for a caller: the owner (no share role) always has Full.</summary>
    public ExportLevel HighestExportLevel(ShareRole? role) => role switch
    {
        null => ExportLevel.Full,
        ShareRole.Editor => EditorExportLevel,
        _ => ResearcherExportLevel,
    };

    /// <summary>The owner's choice of the highest export level each collaborator role may download.</summary>
    public void SetExportLevels(ExportLevel researcher, ExportLevel editor)
    {
        if (!Enum.IsDefined(researcher) || !Enum.IsDefined(editor))
        {
            throw new ArgumentOutOfRangeException(nameof(researcher), "Unknown export level.");
        }

        ResearcherExportLevel = researcher;
        EditorExportLevel = editor;
    }

    public void Unshare(string userId) => _shares.RemoveAll(s => s.UserId == userId);

    private void EnsureEditable()
    {
        if (!IsEditable)
        {
            throw new InvalidOperationException("Only a draft survey can be edited.");
        }
    }
}
