using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Surveys;

namespace SurveyPlatform.Web.Distribution;

/// <summary>
/// A survey's participants: add people one at a time, see each one's status, issue a personal
/// link (shown once, since only its hash is kept), and remove someone who has not started.
/// </summary>
[Authorize(Policy = Policies.SurveyOwners)]
public sealed class ParticipantsModel(AppDbContext db, TimeProvider clock, AppLinks links, Audit.AuditTrail audit) : PageModel
{
    public Survey Survey { get; private set; } = null!;
    public IReadOnlyList<Participant> People { get; private set; } = [];
    public IReadOnlyDictionary<ParticipantStatus, int> Counts { get; private set; } = new Dictionary<ParticipantStatus, int>();

    /// <summary>Show only people with this status.</summary>
    [BindProperty(SupportsGet = true)]
    public ParticipantStatus? Status { get; set; }

    public IReadOnlyList<Participant> Shown => Status is { } status ? [.. People.Where(p => p.Status == status)] : People;

    /// <summary>A personal link just issued, shown this once.</summary>
    public (string Email, string Url)? IssuedLink { get; private set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? FirstName { get; set; }

    [BindProperty]
    public string? LastName { get; set; }

    /// <summary>Extra attributes, one "name: value" per line.</summary>
    [BindProperty]
    public string? Attributes { get; set; }

    /// <summary>The person being edited, when the page was opened with ?edit={participantId}.</summary>
    public Participant? Editing { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, Guid? edit, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (edit is { } editId)
        {
            Editing = People.FirstOrDefault(p => p.Id == editId);
            if (Editing is null)
            {
                return NotFound();
            }

            (Email, FirstName, LastName) = (Editing.Email, Editing.FirstName, Editing.LastName);
            Attributes = string.Join('\n', Editing.Attributes.Select(a => $"{a.Key}: {a.Value}"));
        }

        return Page();
    }

    /// <summary>Saves corrected details for one person, with the same checks as adding.</summary>
    public async Task<IActionResult> OnPostEditAsync(Guid id, Guid participantId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var participant = await db.Participants.SingleOrDefaultAsync(p => p.Id == participantId && p.SurveyId == id, cancellationToken);
        if (participant is null)
        {
            return NotFound();
        }

        Editing = participant;
        var attributes = ParseAttributes(Attributes, out var attributeError);
        if (attributeError is not null)
        {
            ModelState.AddModelError(nameof(Attributes), attributeError);
        }

        if (Email is not null && People.Any(p => p.Id != participantId && Participant.Normalise(p.Email) == Participant.Normalise(Email)))
        {
            ModelState.AddModelError(nameof(Email), "Another participant of this survey has this address.");
        }

        if (ModelState.IsValid)
        {
            foreach (var error in participant.Update(Email, FirstName, LastName, attributes))
            {
                ModelState.AddModelError(error.Field, error.Message);
            }
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        await audit.RecordAsync(Audit.AuditKinds.ParticipantsChanged, id, $"Participant {participant.Id} edited.", cancellationToken);
        TempData["Message"] = $"{participant.Email} saved.";
        return RedirectToPage("/Distribution/Participants", new { id });
    }

    public async Task<IActionResult> OnPostAddAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var attributes = ParseAttributes(Attributes, out var attributeError);
        var (participant, errors) = Participant.Create(id, Email, FirstName, LastName, attributes, clock.GetUtcNow().UtcDateTime);
        foreach (var error in errors)
        {
            ModelState.AddModelError(error.Field, error.Message);
        }

        if (attributeError is not null)
        {
            ModelState.AddModelError(nameof(Attributes), attributeError);
        }

        if (participant is not null && People.Any(p => Participant.Normalise(p.Email) == Participant.Normalise(participant.Email)))
        {
            ModelState.AddModelError(nameof(Email), "This person is already a participant of this survey.");
        }

        if (!ModelState.IsValid || participant is null)
        {
            return Page();
        }

        var (token, hash) = PersonalLinks.New();
        participant.IssueToken(hash);
        db.Participants.Add(participant);
        await audit.RecordAsync(Audit.AuditKinds.ParticipantsChanged, id, $"Participant {participant.Id} added.", cancellationToken);
        await LoadAsync(id, cancellationToken);
        IssuedLink = (participant.Email, links.PageFor(Request, "/Distribution/Invite", new { token }));
        Email = FirstName = LastName = Attributes = null;
        ModelState.Clear();
        return Page();
    }

    /// <summary>Issues a new personal link for someone (the old one stops working), shown once.</summary>
    public async Task<IActionResult> OnPostLinkAsync(Guid id, Guid participantId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var participant = await db.Participants.SingleOrDefaultAsync(p => p.Id == participantId && p.SurveyId == id, cancellationToken);
        if (participant is null)
        {
            return NotFound();
        }

        var (token, hash) = PersonalLinks.New();
        participant.IssueToken(hash);
        await audit.RecordAsync(Audit.AuditKinds.ParticipantsChanged, id, $"New personal link issued to participant {participant.Id}.", cancellationToken);
        IssuedLink = (participant.Email, links.PageFor(Request, "/Distribution/Invite", new { token }));
        return Page();
    }

    /// <summary>Records that someone asked for no more e-mail, for this survey or for every survey.</summary>
    public async Task<IActionResult> OnPostOptOutAsync(Guid id, Guid participantId, bool everywhere, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var participant = await db.Participants.SingleOrDefaultAsync(p => p.Id == participantId && p.SurveyId == id, cancellationToken);
        if (participant is null)
        {
            return NotFound();
        }

        participant.OptOut(clock.GetUtcNow().UtcDateTime, everywhere);
        await audit.RecordAsync(Audit.AuditKinds.ParticipantsChanged, id, $"Participant {participant.Id} opted out{(everywhere ? " of every survey" : string.Empty)} (recorded by the owner).", cancellationToken);
        TempData["Message"] = everywhere ? $"{participant.Email} will not be mailed about any survey." : $"{participant.Email} will not be mailed about this survey.";
        return RedirectToPage("/Distribution/Participants", new { id });
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, Guid participantId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var participant = await db.Participants.SingleOrDefaultAsync(p => p.Id == participantId && p.SurveyId == id, cancellationToken);
        if (participant is null)
        {
            return NotFound();
        }

        if (participant.SessionId is not null || participant.HasResponded)
        {
            TempData["Message"] = $"{participant.Email} has started answering, so they stay on the list.";
            return RedirectToPage("/Distribution/Participants", new { id });
        }

        db.Participants.Remove(participant);
        await audit.RecordAsync(Audit.AuditKinds.ParticipantDeleted, id, $"Participant {participant.Id} removed.", cancellationToken);
        TempData["Message"] = $"{participant.Email} removed.";
        return RedirectToPage("/Distribution/Participants", new { id });
    }

    private static Dictionary<string, string> ParseAttributes(string? text, out string? error)
    {
        error = null;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (line, number) in (text ?? string.Empty).Split('\n').Select((l, i) => (l.Trim(), i + 1)))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = colon > 0 ? line[..colon].Trim() : string.Empty;
            if (colon <= 0 || !Domain.Questionnaires.QuestionDraft.IsValidCode(name))
            {
                error = $"Line {number}: write each attribute as \"name: value\", with a name of letters, digits or _ that starts with a letter.";
                return attributes;
            }

            attributes[name] = line[(colon + 1)..].Trim();
        }

        return attributes;
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.AsNoTracking().ManageableBy(User).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (survey is null)
        {
            return false;
        }

        Survey = survey;
        People = await db.Participants.AsNoTracking().Where(p => p.SurveyId == id).OrderBy(p => p.Email).ToListAsync(cancellationToken);
        Counts = People.GroupBy(p => p.Status).ToDictionary(g => g.Key, g => g.Count());
        return true;
    }
}
