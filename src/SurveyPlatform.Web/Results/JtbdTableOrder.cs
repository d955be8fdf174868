using SurveyPlatform.Domain.Scoring.Engine;

namespace SurveyPlatform.Web.Results;

/// <summary>
/// The order of a JTBD table's rows from the query string (?sort=adoption&amp;dir=desc), so the
/// table sorts with plain links and no script. Unknown keys keep the model's order; rows without a
/// published value (suppressed, no estimate) go last in either direction; ties keep the model's order.
/// </summary>
public static class JtbdTableOrder
{
    public static readonly IReadOnlyList<(string Key, string Label)> Columns =
    [
        ("job", "Job"),
        ("adoption", "Adoption (95% CI, n)"),
        ("opportunity", "Opportunity (95% CI, n)"),
        ("quadrant", "Quadrant"),
        ("share", "Quadrant share"),
        ("rank", "Rank (5–95%)"),
        ("conversion", "POC → production"),
    ];

    public static bool IsKnown(string? sort) => sort is not null && Columns.Any(c => c.Key == sort);

    public static bool Descending(string? dir) => string.Equals(dir, "desc", StringComparison.OrdinalIgnoreCase);

    public static IReadOnlyList<JtbdRowResult> Sort(IReadOnlyList<JtbdRowResult> rows, string? sort, string? dir)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (!IsKnown(sort))
        {
            return rows;
        }

        var descending = Descending(dir);
        var indexed = rows.Select((row, index) => (row, index)).ToList();
        if (sort is "job" or "quadrant")
        {
            Func<JtbdRowResult, string?> text = sort == "job" ? r => r.Label : r => r.Quadrant;
            indexed.Sort((a, b) => Compare(text(a.row), text(b.row), descending, a.index, b.index));
        }
        else
        {
            Func<JtbdRowResult, double?> number = sort switch
            {
                "adoption" => r => Published(r.Adoption),
                "opportunity" => r => Published(r.Opportunity),
                "share" => r => r.Sensitivity?.BaselineQuadrantShare,
                "rank" => r => r.Sensitivity?.RankMedian,
                _ => r => Published(r.Conversion),
            };
            indexed.Sort((a, b) => Compare(number(a.row), number(b.row), descending, a.index, b.index));
        }

        return [.. indexed.Select(i => i.row)];
    }

    /// <summary>The query string for a header link: the column's key, and the opposite direction when it is already the sorted one.</summary>
    public static string Link(string key, string? sort, string? dir, Guid? run) =>
        $"?sort={key}&dir={(sort == key && !Descending(dir) ? "desc" : "asc")}{(run is { } r ? $"&run={r}" : string.Empty)}";

    /// <summary>The aria-sort value of a header: ascending, descending, or none.</summary>
    public static string AriaSort(string key, string? sort, string? dir) =>
        sort != key ? "none" : Descending(dir) ? "descending" : "ascending";

    private static double? Published(Figure figure) => figure.Suppressed is null ? figure.Mean : null;

    private static int Compare<T>(T? a, T? b, bool descending, int ia, int ib)
    {
        if (a is null || b is null)
        {
            return a is null && b is null ? ia.CompareTo(ib) : a is null ? 1 : -1;
        }

        var c = Comparer<T>.Default.Compare(a, b);
        if (a is string sa && b is string sb)
        {
            c = StringComparer.OrdinalIgnoreCase.Compare(sa, sb);
        }

        return c != 0 ? (descending ? -c : c) : ia.CompareTo(ib);
    }
}
