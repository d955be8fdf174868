using System.ComponentModel.DataAnnotations;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Importing;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Domain.Templates;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Surveys;

[Authorize(Policy = Policies.SurveyOwners)]
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes, ValueLengthLimit = MaxRequestBytes)]
public sealed class CreateModel(AppDbContext db, TimeProvider clock, IDataProtectionProvider protection) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter a title.")]
        [StringLength(Survey.TitleMaxLength, ErrorMessage = "Keep the title to 200 characters or fewer.")]
        public string Title { get; set; } = string.Empty;

        [StringLength(Survey.DescriptionMaxLength, ErrorMessage = "Keep the description to 4,000 characters or fewer.")]
        public string? Description { get; set; }
    }

    public const long MaxImportBytes = 5 * 1024 * 1024;

    // Above the file limit, so a too-large file reaches the handler and gets its clear message.
    private const int MaxRequestBytes = 64 * 1024 * 1024;
    private static readonly TimeSpan ReviewLifetime = TimeSpan.FromHours(2);

    public IReadOnlyList<SurveyTemplate> Templates => SurveyTemplate.All;

    /// <summary>Set after an upload: what the import would create, before anything is stored.</summary>
    public ImportedSurvey? Review { get; private set; }

    /// <summary>The reviewed file, protected for this user, for the confirm step.</summary>
    public string? Payload { get; private set; }

    public string? FileName { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostTemplateAsync(string key, CancellationToken cancellationToken)
    {
        if (SurveyTemplate.Find(key) is not { } template)
        {
            ModelState.AddModelError("template", "Choose one of the listed templates.");
            return Page();
        }

        var survey = Survey.CreateFrom(User.UserId(), template.Title, template.Description, template.Definition, clock.GetUtcNow().UtcDateTime);
        db.Surveys.Add(survey);
        if (template.Scoring is { } scoring)
        {
            db.ScoringModels.Add(new SurveyScoringModel(survey.Id, 1, scoring.ToJson(), scoring.ComputeHash(), User.Identity?.Name, clock.GetUtcNow().UtcDateTime));
        }

        await db.SaveChangesAsync(cancellationToken);
        TempData["Message"] = $"Draft created from the template \"{template.Title}\".";
        return RedirectToPage("/Surveys/Edit", new { id = survey.Id });
    }

    /// <summary>Reads the file and shows what it would create; nothing is stored until the owner confirms.</summary>
    public async Task<IActionResult> OnPostImportAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        ModelState.Clear(); // The blank-survey fields are not part of this form.
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", file is null ? "Choose a file to import." : "The file is empty.");
            return Page();
        }

        if (file.Length > MaxImportBytes)
        {
            ModelState.AddModelError("file", "The file is larger than 5 MB; nothing was imported.");
            return Page();
        }

        byte[] bytes;
        await using (var stream = file.OpenReadStream())
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            bytes = buffer.ToArray();
        }

        FileName = Path.GetFileName(file.FileName);
        if (Read(bytes, FileName) is not { } review)
        {
            return Page();
        }

        Review = review;
        Payload = Protect(new ReviewedFile(Guid.NewGuid(), FileName, bytes));
        return Page();
    }

    /// <summary>Creates the reviewed draft. Confirming twice (a double click, a resubmitted form) creates it once.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(string? payload, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        if (string.IsNullOrEmpty(payload) || Unprotect(payload) is not { } reviewed)
        {
            ModelState.AddModelError("file", "This review has expired or is not valid. Choose the file again; nothing was imported.");
            return Page();
        }

        var owner = User.UserId();
        if (await db.Surveys.AsNoTracking().AnyAsync(s => s.Id == reviewed.ImportId && s.OwnerId == owner, cancellationToken))
        {
            return RedirectToPage("/Surveys/Edit", new { id = reviewed.ImportId });
        }

        if (Read(reviewed.Bytes, reviewed.FileName) is not { } imported)
        {
            return Page();
        }

        var survey = Survey.CreateFrom(owner, imported.Title, imported.Description, imported.Result.Definition, clock.GetUtcNow().UtcDateTime, reviewed.ImportId);
        db.Surveys.Add(survey);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A second confirm raced this one: if it made the draft, go there; otherwise the failure is real.
            db.ChangeTracker.Clear();
            if (!await db.Surveys.AsNoTracking().AnyAsync(s => s.Id == reviewed.ImportId && s.OwnerId == owner, cancellationToken))
            {
                throw;
            }
        }

        TempData["Message"] = imported.Result.Notes.Count == 0
            ? $"Draft created from the {Name(imported.Format)}: everything in the file was mapped."
            : $"Draft created from the {Name(imported.Format)}; {imported.Result.Notes.Count} item(s) were not mapped exactly (listed in the review).";
        return RedirectToPage("/Surveys/Edit", new { id = survey.Id });
    }

    public static string Name(SurveyFileFormat format) => new DetectedFormat(format).Name;

    private ImportedSurvey? Read(byte[] bytes, string? fileName)
    {
        try
        {
            return SurveyImport.Read(bytes, fileName);
        }
        catch (ImportFormatException ex)
        {
            ModelState.AddModelError("file", ex.Message);
            return null;
        }
    }

    private sealed record ReviewedFile(Guid ImportId, string? FileName, byte[] Bytes);

    private ITimeLimitedDataProtector Protector() =>
        protection.CreateProtector("SurveyPlatform.SurveyImport", User.UserId()).ToTimeLimitedDataProtector();

    private string Protect(ReviewedFile file)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(JsonSerializer.SerializeToUtf8Bytes(file));
        }

        return Convert.ToBase64String(Protector().Protect(compressed.ToArray(), clock.GetUtcNow() + ReviewLifetime));
    }

    private ReviewedFile? Unprotect(string payload)
    {
        try
        {
            var compressed = Protector().Unprotect(Convert.FromBase64String(payload), out _);
            using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            gzip.CopyTo(plain);
            var file = JsonSerializer.Deserialize<ReviewedFile>(plain.ToArray());
            return file is { Bytes.Length: > 0 and <= (int)MaxImportBytes } ? file : null;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or InvalidDataException or JsonException)
        {
            return null;
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var survey = Survey.Create(User.UserId(), Input.Title, Input.Description, clock.GetUtcNow().UtcDateTime);
        db.Surveys.Add(survey);
        await db.SaveChangesAsync(cancellationToken);
        return RedirectToPage("/Surveys/Edit", new { id = survey.Id });
    }
}
