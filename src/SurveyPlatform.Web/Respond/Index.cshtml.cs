using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Responding;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Respond;

/// <summary>
/// The public link, page by page. GET shows the respondent's current page (their session is found
/// through an HttpOnly cookie); each page post is saved before the next page is shown, and then
/// redirected (post/redirect/get), so a reload or Back never posts twice. Every post carries the
/// session id, the page and the page version it was shown with; the version is a concurrency token,
/// so two posts of one page (a double click, a retried request) are applied once.
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(AppDbContext db, TimeProvider clock, ResponseCompletion completion, IDataProtectionProvider protection, PublishedDefinitions definitions) : PageModel
{
    /// <summary>When the first page was shown to a new visitor, protected: someone who started before the close may finish in the grace period.</summary>
    [BindProperty]
    public string? Started { get; set; }

    private IDataProtector StartTickets => protection.CreateProtector("SurveyPlatform.Respond.Started");

    private string NewStartTicket() => StartTickets.Protect(Now.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private DateTime? ReadStartTicket()
    {
        try
        {
            return Started is { Length: > 0 } && long.TryParse(StartTickets.Unprotect(Started), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ticks)
                ? new DateTime(ticks, DateTimeKind.Utc)
                : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null; // Tampered or from another installation: treated as starting now.
        }
    }

    public enum PageState
    {
        Page,
        NotFound,
        NotYetOpen,
        Closed,

        /// <summary>Closed after this respondent started and the grace period is over; their answers so far are kept.</summary>
        ClosedKept,
        Full,
        Expired,
        Completed,

        /// <summary>The survey takes personal links only, and this visitor has no session started from one.</summary>
        InvitationOnly,
    }

    private Survey? _survey;

    /// <summary>The session named by this browser's cookie and the participant whose personal link started it, read with the survey.</summary>
    private ResponseSession? _session;
    private Participant? _participant;

    public PageState State { get; private set; }
    public string Title { get; private set; } = "Survey";
    public string? Description { get; private set; }
    public DateTime? OpensAt { get; private set; }

    /// <summary>The opening time as the owner set it, in their time zone.</summary>
    public string? OpensAtShown => OpensAt is { } at && _survey is not null ? Surveys.SurveyTime.ShowLong(at, _survey.TimeZone, Text.Culture) : null;
    public RespondText Text { get; private set; } = RespondText.English;
    public PageView? View { get; private set; }
    public string Code { get; private set; } = string.Empty;

    /// <summary>Whether the public link can start a new response (not in an invitation-only survey).</summary>
    public bool PublicLinkAllowed { get; private set; } = true;

    /// <summary>A first page posted after the survey stopped accepting responses: nothing was saved.</summary>
    public bool PostedTooLate { get; private set; }

    [BindProperty]
    public Guid ResponseId { get; set; }

    [BindProperty]
    public int PageVersion { get; set; }

    [BindProperty]
    public int PageIndex { get; set; }

    [BindProperty(Name = "nav")]
    public string? Nav { get; set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        var cookie = ResponseCookie.Read(Request);
        if (!await LoadSurveyAsync(code, cookie?.SessionId, tracking: false, cancellationToken))
        {
            return Show(PageState.NotFound);
        }

        var survey = _survey!;
        var now = Now;
        var session = _session;
        if (session is not null && (session.SurveyId != survey.Id || !cookie!.Matches(session.TokenHash)))
        {
            session = null;
            cookie = null;
        }

        if (session is null)
        {
            var availability = survey.Availability(now);
            if (availability != SurveyAvailability.Open)
            {
                return Show(StateOf(availability));
            }

            if (!survey.AllowsPublicLink)
            {
                return Show(PageState.InvitationOnly);
            }

            // A cookie whose session does not exist yet (page 1 shown, not yet posted) is kept, so two tabs share it.
            cookie ??= ResponseCookie.New();
            cookie.Write(Response, code, survey.PartialExpiryDays);
            var definition = await DefinitionAsync(survey.PublishedVersion, cancellationToken);
            var first = First(ResponseFlow.Path(definition, Empty));
            View = NewView(definition, first, Empty, AnswerForm.FromStored(definition, Empty), cookie.SessionId, 0, started: NewStartTicket());
            return Page();
        }

        switch (session.Access(survey, now))
        {
            case SessionAccess.Completed:
                return Show(PageState.Completed);
            case SessionAccess.Expired:
                return Show(PageState.Expired);
            case SessionAccess.Closed:
                return Show(PageState.ClosedKept);
            case SessionAccess.NotYetOpen:
                return Show(PageState.NotYetOpen);
        }

        var invited = _participant?.Attributes;
        if (!survey.AllowsPublicLink && invited is null)
        {
            return Show(PageState.InvitationOnly);
        }

        var version = await DefinitionAsync(session.Version, cancellationToken);
        var stored = session.Answers;
        var page = CurrentPage(version, session.CurrentPage, stored, invited);
        View = NewView(version, page, stored, AnswerForm.FromStored(version, stored), session.Id, session.PageVersion, invited);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string code, CancellationToken cancellationToken)
    {
        var cookie = ResponseCookie.Read(Request);
        if (!await LoadSurveyAsync(code, cookie?.SessionId, tracking: true, cancellationToken))
        {
            return Show(PageState.NotFound);
        }

        var survey = _survey!;
        var now = Now;
        if (cookie is null || cookie.SessionId != ResponseId)
        {
            // A form of another session: a replay of a finished one goes to its thank-you page.
            var finished = await db.ResponseSessions.AnyAsync(s => s.Id == ResponseId && s.SurveyId == survey.Id && s.CompletedAt != null, cancellationToken);
            return finished ? ToThanks() : ToSurvey();
        }

        var session = _session;
        var isNew = session is null;
        SurveyDefinition definition;
        IReadOnlyDictionary<string, string>? context = null; // The invited participant's attributes, for participant.NAME.
        if (session is null)
        {
            // Shown the first page before the close: may still begin within the grace period.
            var shownAt = ReadStartTicket();
            if (!survey.AcceptsFirstSave(shownAt, now))
            {
                PostedTooLate = true;
                return Show(StateOf(survey.Availability(now)));
            }

            if (!survey.AllowsPublicLink)
            {
                return Show(PageState.InvitationOnly);
            }

            definition = await DefinitionAsync(survey.PublishedVersion, cancellationToken);
            session = ResponseSession.Start(cookie.SessionId, survey, cookie.Hash, First(ResponseFlow.Path(definition, Empty)), now, shownAt);
            db.ResponseSessions.Add(session); // Saved with the first page's answers; a page shown again with errors saves nothing.
        }
        else
        {
            if (session.SurveyId != survey.Id || !cookie.Matches(session.TokenHash))
            {
                return Show(PageState.NotFound);
            }

            if (session.CompletedAt is not null)
            {
                return ToThanks(); // The final page posted again: the first post counts.
            }

            context = _participant?.Attributes;
            if (!survey.AllowsPublicLink && context is null)
            {
                return Show(PageState.InvitationOnly);
            }

            definition = await DefinitionAsync(session.Version, cancellationToken);
        }

        var stored = session.Answers;
        var posted = AnswerForm.FromPost(Request.Form);
        if (!ResponseFlow.Path(definition, stored, context).Contains(PageIndex))
        {
            return ToSurvey(); // A page that is no longer on this respondent's path.
        }

        var access = isNew ? SessionAccess.Open : session.Access(survey, now);
        if (access is SessionAccess.Expired)
        {
            return Show(PageState.Expired);
        }

        if (access is SessionAccess.Closed or SessionAccess.NotYetOpen)
        {
            // Not now, but what they typed is kept with their partial answers.
            var kept = ResponseFlow.Post(definition, PageIndex, stored, posted.Values, lenient: true, context);
            session.Save(kept.Answers, PageIndex, survey, now);
            await completion.SaveAsync(session, cancellationToken);
            return Show(access is SessionAccess.Closed ? PageState.ClosedKept : PageState.NotYetOpen);
        }

        // Every post keeps the browser's cookie as long as the session stays resumable.
        cookie.Write(Response, code, survey.PartialExpiryDays);

        if (Nav is "back" or "save")
        {
            var lenient = ResponseFlow.Post(definition, PageIndex, stored, posted.Values, lenient: true, context);
            var target = Nav == "back" ? ResponseFlow.Previous(ResponseFlow.Path(definition, lenient.Answers, context), PageIndex) ?? PageIndex : PageIndex;
            session.Save(lenient.Answers, target, survey, now);
            return await SaveAsync(session, cancellationToken) ?? (Nav == "save" ? RedirectToPage("/Respond/Saved", new { code }) : ToSurvey());
        }

        var outcome = ResponseFlow.Post(definition, PageIndex, stored, posted.Values, lenient: false, context);
        if (!outcome.IsValid)
        {
            View = NewView(definition, PageIndex, stored, posted.WithErrors(outcome.Errors), session.Id, session.PageVersion, context, isNew ? Started : null);
            return Page();
        }

        if (!isNew && PageVersion < session.PageVersion && SameAnswers(outcome.Answers, stored))
        {
            return ToSurvey(); // A repeat of a post that was already applied.
        }

        var next = ResponseFlow.Next(ResponseFlow.Path(definition, outcome.Answers, context), PageIndex);
        if (next is { } nextPage)
        {
            session.Save(outcome.Answers, nextPage, survey, now);
            return await SaveAsync(session, cancellationToken) ?? ToSurvey();
        }

        var finish = ResponseFlow.Finish(definition, outcome.Answers, context);
        if (!finish.IsComplete)
        {
            // An earlier page now asks something unanswered (its conditions changed): show it with the errors.
            session.Save(outcome.Answers, finish.FirstPageWithError, survey, now);
            if (await SaveAsync(session, cancellationToken) is { } conflict)
            {
                return conflict;
            }

            View = NewView(definition, finish.FirstPageWithError, outcome.Answers, AnswerForm.FromStored(definition, outcome.Answers).WithErrors(finish.Errors), session.Id, session.PageVersion, context);
            return Page();
        }

        return Superseded(await completion.CompleteAsync(session, survey, _participant, finish.Answers, now, cancellationToken)) ?? ToThanks();
    }

    /// <summary>Forgets this browser's finished or expired session, so a new response can start.</summary>
    public async Task<IActionResult> OnPostRestartAsync(string code, CancellationToken cancellationToken)
    {
        if (!await LoadSurveyAsync(code, null, tracking: false, cancellationToken))
        {
            return Show(PageState.NotFound);
        }

        ResponseCookie.Delete(Response, code);
        return ToSurvey();
    }

    private async Task<IActionResult?> SaveAsync(ResponseSession session, CancellationToken cancellationToken) =>
        Superseded(await completion.SaveAsync(session, cancellationToken));

    /// <summary>When another post of the same session won the race: shows where it left things.</summary>
    private RedirectToPageResult? Superseded(SessionSave saved) => saved switch
    {
        SessionSave.Saved => null,
        SessionSave.SupersededCompleted => ToThanks(),
        _ => ToSurvey(),
    };

    private RedirectToPageResult ToSurvey() => RedirectToPage("/Respond/Index", new { code = Code });

    private RedirectToPageResult ToThanks() => RedirectToPage("/Respond/Thanks", new { code = Code });

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static int First(IReadOnlyList<int> path) => path.Count > 0 ? path[0] : 0;

    private static bool SameAnswers(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(x => b.TryGetValue(x.Key, out var v) && v == x.Value);

    private static int CurrentPage(SurveyDefinition definition, int page, IReadOnlyDictionary<string, string> stored, IReadOnlyDictionary<string, string>? context)
    {
        var path = ResponseFlow.Path(definition, stored, context);
        return path.Contains(page) ? page : ResponseFlow.Next(path, page) ?? (path.Count > 0 ? path[^1] : 0);
    }

    private PageView NewView(SurveyDefinition definition, int page, IReadOnlyDictionary<string, string> stored, AnswerForm form, Guid sessionId, int pageVersion, IReadOnlyDictionary<string, string>? context = null, string? started = null) => new()
    {
        Definition = definition,
        PageIndex = page,
        Stored = stored,
        Context = context,
        Form = form,
        Text = Text,
        ShuffleSeed = BitConverter.ToInt32(sessionId.ToByteArray(), 0),
        CanSaveForLater = true,
        HiddenFields = new Dictionary<string, string>
        {
            [nameof(ResponseId)] = sessionId.ToString(),
            [nameof(PageVersion)] = pageVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [nameof(PageIndex)] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }.Concat(started is null ? [] : [new KeyValuePair<string, string>(nameof(Started), started)]).ToDictionary(),
    };

    private static PageState StateOf(SurveyAvailability availability) => availability switch
    {
        SurveyAvailability.NotYetOpen => PageState.NotYetOpen,
        SurveyAvailability.Closed => PageState.Closed,
        SurveyAvailability.Full => PageState.Full,
        SurveyAvailability.Open => PageState.Page,
        _ => PageState.NotFound,
    };

    private PageResult Show(PageState state)
    {
        State = state;
        if (state == PageState.NotFound)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
        else if (state == PageState.InvitationOnly)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
        }

        return Page();
    }

    private Task<SurveyDefinition> DefinitionAsync(int version, CancellationToken cancellationToken) =>
        definitions.GetAsync(db, _survey!.Id, version, cancellationToken);

    /// <summary>
    /// The survey, and with it in the same query the session this browser's cookie names and the participant
    /// whose personal link started that session (not yet checked against the survey or the cookie's secret).
    /// </summary>
    private async Task<bool> LoadSurveyAsync(string code, Guid? sessionId, bool tracking, CancellationToken cancellationToken)
    {
        Code = code;
        Text = RespondText.For(null, Request);
        // What antiforgery sets on a page with a form anyway; any other value makes it log a warning as it overrides it.
        Response.Headers.CacheControl = "no-cache, no-store";
        Response.Headers.Pragma = "no-cache";
        var row = code.Length > 16 ? null : await RespondQueries.SurveyAsync(db, code, sessionId, tracking, cancellationToken); // Longer: not a public code.
        (_survey, _session, _participant) = (row?.Survey, row?.Session, row?.Participant);
        if (_survey is null || _survey.Status == SurveyStatus.Draft)
        {
            return false;
        }

        Text = RespondText.For(_survey.Language, Request);
        Title = _survey.Title;
        Description = _survey.Description;
        OpensAt = _survey.OpensAt;
        PublicLinkAllowed = _survey.AllowsPublicLink;
        return true;
    }
}
