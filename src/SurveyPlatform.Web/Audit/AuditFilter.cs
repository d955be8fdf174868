using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Results;

namespace SurveyPlatform.Web.Audit;

/// <summary>
/// The audit pages' filter, bound from the query string so a filtered view can be linked and
/// exported: a date range (UTC days, both inclusive), a user (part of the e-mail address or the
/// exact user id), a survey id and an event kind; and the page number.
/// </summary>
public sealed class AuditFilter
{
    public const int PageSize = 50;

    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public string? User { get; set; }
    public Guid? Survey { get; set; }
    public string? Kind { get; set; }
    /// <summary>Not "Page": Razor Pages binds its own route value of that name first.</summary>
    public int PageNumber { get; set; } = 1;

    public static readonly string[] CsvHeader =
        ["sequence", "at_utc", "actor_id", "actor_email", "token_id", "client_address", "survey_id", "kind", "what", "previous_hash", "hash"];

    /// <summary>The entries that pass the filter, newest first (<paramref name="surveyId"/> scopes them to one survey when given).</summary>
    public IQueryable<AuditEntry> Apply(IQueryable<AuditEntry> entries, Guid? surveyId = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if ((surveyId ?? Survey) is { } survey)
        {
            entries = entries.Where(e => e.SurveyId == survey);
        }

        if (From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            entries = entries.Where(e => e.At >= start);
        }

        if (To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            entries = entries.Where(e => e.At < end);
        }

        if (!string.IsNullOrWhiteSpace(User))
        {
            var user = User.Trim();
            var lower = user.ToLowerInvariant();
#pragma warning disable CA1862 // Reason: an EF query; LOWER(...) LIKE translates on every provider, the StringComparison overload does not.
            entries = entries.Where(e => e.ActorId == user || e.ActorEmail.ToLower().Contains(lower));
#pragma warning restore CA1862
        }

        if (!string.IsNullOrWhiteSpace(Kind))
        {
            var kind = Kind.Trim();
            entries = entries.Where(e => e.Kind == kind);
        }

        return entries.OrderByDescending(e => e.Sequence);
    }

    /// <summary>A page of entries and the total that pass the filter.</summary>
    public async Task<(IReadOnlyList<AuditEntry> Entries, int Total)> PageAsync(AppDbContext db, Guid? surveyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = Apply(db.AuditEntries.AsNoTracking(), surveyId);
        var total = await query.CountAsync(cancellationToken);
        PageNumber = Math.Clamp(PageNumber, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        return (await query.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken), total);
    }

    /// <summary>The filtered entries as a CSV sheet (the results' writer: RFC 4180, formula-injection safe).</summary>
    public ExportSheet Sheet(AppDbContext db, Guid? surveyId, CancellationToken cancellationToken) =>
        new("audit", CsvHeader, RowsAsync(Apply(db.AuditEntries.AsNoTracking(), surveyId), cancellationToken));

    /// <summary>The query string of this filter (without the page), for links and the export.</summary>
    public string QueryString(int? page = null)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parts.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        Add(nameof(From), From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add(nameof(To), To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add(nameof(User), User);
        Add(nameof(Survey), Survey?.ToString());
        Add(nameof(Kind), Kind);
        if (page is { } p)
        {
            Add(nameof(PageNumber), p.ToString(CultureInfo.InvariantCulture));
        }

        return string.Join("&", parts);
    }

    /// <summary>The filter in words, for the export's own audit entry.</summary>
    public string Describe(Guid? surveyId) => QueryString() is { Length: > 0 } q ? q : surveyId is null ? "everything" : "the whole survey";

    private static async IAsyncEnumerable<IReadOnlyList<ExportCell>> RowsAsync(IQueryable<AuditEntry> entries, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in entries.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return
            [
                ExportCell.OfInteger(e.Sequence),
                ExportCell.OfText(e.At.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)),
                ExportCell.OfText(e.ActorId),
                ExportCell.OfText(e.ActorEmail),
                ExportCell.OfText(e.TokenId?.ToString()),
                ExportCell.OfText(e.ClientAddress),
                ExportCell.OfText(e.SurveyId?.ToString()),
                ExportCell.OfText(e.Kind),
                ExportCell.OfText(e.What),
                ExportCell.OfText(e.PreviousHash),
                ExportCell.OfText(e.Hash),
            ];
        }
    }
}
