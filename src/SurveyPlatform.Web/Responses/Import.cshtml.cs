using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SurveyPlatform.Domain.Importing.Responses;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Surveys;

namespace SurveyPlatform.Web.Responses;

/// <summary>
/// Imports responses from a file for the survey's owner or an editor. "Check the file" is a dry run:
/// the report lists every error by row and column and nothing is stored. A clean check offers the
/// import of the same file, which travels in a Data-Protection-protected hidden field (compressed,
/// bound to this survey and user, valid for two hours) so it need not be chosen again; "Import"
/// with a file goes straight to the import, which is all or nothing anyway.
/// </summary>
[Authorize(Policy = Policies.SurveyOwners)]
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes, ValueLengthLimit = MaxRequestBytes)]
public sealed class ImportModel(AppDbContext db, ResponseImport import, TimeProvider clock, IDataProtectionProvider protection, IOptions<ResponseImportOptions> options) : PageModel
{
    public const int ReportErrorCount = 500;

    // Above the file limit, so a too-large file reaches the service and gets its clear message.
    private const int MaxRequestBytes = 64 * 1024 * 1024;
    private static readonly TimeSpan PayloadLifetime = TimeSpan.FromHours(2);

    public Survey Survey { get; private set; } = null!;

    public ResponseImportReport? Report { get; private set; }

    /// <summary>The checked file, protected, for the import step.</summary>
    public string? Payload { get; private set; }

    public string? FileName { get; private set; }

    public ResponseFileFormat Format { get; private set; }

    [BindProperty]
    public string? IdColumn { get; set; }

    public string MaxSize => ResponseImport.Megabytes(options.Value.MaxBytes);

    public int MaxRows => options.Value.MaxRows;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCheckAsync(Guid id, IFormFile? file, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (await UploadedAsync(file, cancellationToken) is not { } bytes)
        {
            return Page();
        }

        Format = ResponseImport.Detect(file!.FileName, bytes);
        FileName = Path.GetFileName(file.FileName);
        using var stream = new MemoryStream(bytes, writable: false);
        Report = await import.DryRunAsync(Survey, stream, Format, IdColumn, cancellationToken);
        if (Report.IsValid && Report.New > 0)
        {
            Payload = Protect(id, bytes);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync(Guid id, IFormFile? file, string? payload, string? fileName, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        byte[]? bytes;
        if (file is not null)
        {
            bytes = await UploadedAsync(file, cancellationToken);
            fileName = file.FileName;
        }
        else if (!string.IsNullOrEmpty(payload))
        {
            bytes = Unprotect(id, payload);
            if (bytes is null)
            {
                ModelState.AddModelError("file", "This check has expired or is not valid. Choose the file again; nothing was imported.");
            }
        }
        else
        {
            bytes = await UploadedAsync(null, cancellationToken);
        }

        if (bytes is null)
        {
            return Page();
        }

        Format = ResponseImport.Detect(fileName, bytes);
        FileName = Path.GetFileName(fileName);
        using var stream = new MemoryStream(bytes, writable: false);
        Report = await import.ImportAsync(Survey, stream, Format, IdColumn, cancellationToken);
        if (!Report.IsValid)
        {
            return Page();
        }

        TempData["Message"] = Summary(Report);
        return RedirectToPage("/Responses/Import", new { id });
    }

    public static string Summary(ResponseImportReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var imported = report.Imported == 1 ? "1 response imported." : $"{report.Imported} responses imported.";
        var skipped = report.AlreadyImported switch
        {
            0 => string.Empty,
            1 => " 1 row was already imported and was skipped.",
            var n => $" {n} rows were already imported and were skipped.",
        };
        var rescore = report.RescoreQueued ? " The survey is closed, so re-scoring is queued." : string.Empty;
        return imported + skipped + rescore;
    }

    private async Task<byte[]?> UploadedAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", file is null ? "Choose a CSV or JSON file to upload." : "The file is empty.");
            return null;
        }

        if (file.Length > options.Value.MaxBytes)
        {
            ModelState.AddModelError("file", $"The file is larger than {MaxSize}. Split it into smaller files; importing them one after the other is safe.");
            return null;
        }

        await using var stream = file.OpenReadStream();
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private ITimeLimitedDataProtector Protector(Guid id) =>
        protection.CreateProtector("SurveyPlatform.ResponseImport", id.ToString("N"), User.UserId()).ToTimeLimitedDataProtector();

    private string Protect(Guid id, byte[] bytes)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return Convert.ToBase64String(Protector(id).Protect(compressed.ToArray(), clock.GetUtcNow() + PayloadLifetime));
    }

    private byte[]? Unprotect(Guid id, string payload)
    {
        try
        {
            var compressed = Protector(id).Unprotect(Convert.FromBase64String(payload), out _);
            using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            gzip.CopyTo(plain);
            return plain.Length <= options.Value.MaxBytes ? plain.ToArray() : null;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or InvalidDataException)
        {
            return null;
        }
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.AsNoTracking().EditableBy(User).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (survey is null)
        {
            return false;
        }

        Survey = survey;
        return true;
    }
}
