using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
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
/// Uploads a participant list (CSV) in two steps. The upload shows a preview: the first rows, every
/// refused row with its reason, and the counts; nothing is stored. The file itself travels to the
/// confirm step in a Data-Protection-protected hidden field (compressed, bound to this survey and
/// owner, valid for two hours). Confirm reads it again against the list as it is then and inserts
/// every valid row in one SaveChanges, each with a personal token hash (the links go out later by
/// e-mail, so the tokens are not shown).
/// </summary>
[Authorize(Policy = Policies.SurveyOwners)]
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes, ValueLengthLimit = MaxRequestBytes)]
public sealed class ImportModel(AppDbContext db, TimeProvider clock, IDataProtectionProvider protection, Audit.AuditTrail audit) : PageModel
{
    public const int PreviewRowCount = 20;
    public const int ReportRowCount = 500;
    private const int MaxRequestBytes = 16 * 1024 * 1024;
    private static readonly TimeSpan PayloadLifetime = TimeSpan.FromHours(2);

    public Survey Survey { get; private set; } = null!;

    /// <summary>Set on the preview step: what the file holds, checked against the current list.</summary>
    public ParticipantCsvResult? Preview { get; private set; }

    /// <summary>The uploaded file, protected, for the confirm step.</summary>
    public string? Payload { get; private set; }

    public string? FileName { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostPreviewAsync(Guid id, IFormFile? file, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", file is null ? "Choose a CSV file to upload." : "The file is empty.");
            return Page();
        }

        if (file.Length > ParticipantCsv.MaxBytes)
        {
            ModelState.AddModelError("file", "The file is larger than 5 MB. Split it into smaller files.");
            return Page();
        }

        byte[] bytes;
        await using (var stream = file.OpenReadStream())
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            bytes = buffer.ToArray();
        }

        var result = ParticipantCsv.Read(bytes, await ExistingEmailsAsync(id, cancellationToken));
        if (result.HasErrors)
        {
            ModelState.AddModelError("file", string.Join(" ", result.Errors));
            return Page();
        }

        Preview = result;
        FileName = Path.GetFileName(file.FileName);
        Payload = Protect(id, bytes);
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(Guid id, string? payload, string? fileName, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var bytes = Unprotect(id, payload);
        if (bytes is null)
        {
            ModelState.AddModelError("file", "This preview has expired or is not valid. Upload the file again; nothing was imported.");
            return Page();
        }

        var result = ParticipantCsv.Read(bytes, await ExistingEmailsAsync(id, cancellationToken));
        if (result.HasErrors)
        {
            ModelState.AddModelError("file", string.Join(" ", result.Errors));
            return Page();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var added = new List<Participant>();
        foreach (var row in result.Importable)
        {
            var (participant, _) = Participant.Create(id, row.Email, row.FirstName, row.LastName, row.Attributes, now);
            if (participant is not null)
            {
                participant.IssueToken(PersonalLinks.New().Hash);
                added.Add(participant);
            }
        }

        if (added.Count == 0)
        {
            ShowPreview(result, payload!, fileName);
            ModelState.AddModelError("confirm", "Nothing was imported: no row of this file can be added to the list as it is now.");
            return Page();
        }

        db.Participants.AddRange(added);
        try
        {
            await audit.RecordAsync(Audit.AuditKinds.ParticipantsChanged, id, $"{added.Count} participant(s) imported from a CSV file.", cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Someone added one of these people between the check and the insert: the unique index
            // refused the whole batch, so nothing was imported. Show the preview as the list is now.
            db.ChangeTracker.Clear();
            ShowPreview(ParticipantCsv.Read(bytes, await ExistingEmailsAsync(id, cancellationToken)), payload!, fileName);
            ModelState.AddModelError("confirm", "The list changed while importing, so nothing was imported. Check the preview and confirm again.");
            return Page();
        }

        var refused = result.Rows.Count - added.Count;
        TempData["Message"] = $"{added.Count} {(added.Count == 1 ? "participant" : "participants")} imported." +
            (refused > 0 ? $" {refused} {(refused == 1 ? "row was" : "rows were")} not imported." : string.Empty);
        return RedirectToPage("/Distribution/Participants", new { id });
    }

    private void ShowPreview(ParticipantCsvResult result, string payload, string? fileName)
    {
        Preview = result;
        Payload = payload;
        FileName = fileName;
    }

    private ITimeLimitedDataProtector Protector(Guid id) =>
        protection.CreateProtector("SurveyPlatform.ParticipantImport", id.ToString("N"), User.UserId()).ToTimeLimitedDataProtector();

    private string Protect(Guid id, byte[] bytes)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return Convert.ToBase64String(Protector(id).Protect(compressed.ToArray(), clock.GetUtcNow() + PayloadLifetime));
    }

    private byte[]? Unprotect(Guid id, string? payload)
    {
        if (string.IsNullOrEmpty(payload))
        {
            return null;
        }

        try
        {
            var compressed = Protector(id).Unprotect(Convert.FromBase64String(payload), out _);
            using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            gzip.CopyTo(plain);
            return plain.Length <= ParticipantCsv.MaxBytes ? plain.ToArray() : null;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or InvalidDataException)
        {
            return null;
        }
    }

    private async Task<List<string>> ExistingEmailsAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Participants.AsNoTracking().Where(p => p.SurveyId == id).Select(p => p.Email).ToListAsync(cancellationToken);

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.AsNoTracking().ManageableBy(User).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (survey is null)
        {
            return false;
        }

        Survey = survey;
        return true;
    }
}
