using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using SurveyPlatform.Domain.Scoring.Engine;

namespace SurveyPlatform.Web.Results.Charts;

/// <summary>Chart ids, SVG coordinates and labels: invariant numbers, so the markup never depends on the server's culture.</summary>
public static class ChartFormat
{
    public const string Ink = "#1b1f24";
    public const string Muted = "#4a5260";
    public const string Accent = "#0b5cad";
    public const string Cutoff = "#6b3fa0";
    public const string Grid = "#8a93a0";
    /// <summary>DejaVu Sans last but one: the PNG renderer on a Linux server finds it when the others are missing.</summary>
    public const string FontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif";

    public const string FunnelId = "funnel";
    public const string DailyId = "responses-per-day";
    public const string HistogramId = "readiness-histogram";
    public const string MaturityId = "maturity";
    public const string DimensionsId = "dimensions-by-segment";

    public static string OptionsId(ShareTable table) => "options-" + Safe(table.Question);

    public static string QuadrantId(JtbdSegmentResult segment) => "quadrant-" + Safe(segment.Segment);

    /// <summary>A question's descriptive chart (scale, NPS, histogram, heatmap or shares).</summary>
    public static string QuestionId(string code) => "question-" + Safe(code);

    /// <summary>The Results page's download link for a chart: format "Svg" or "Png"; run only for a chart of a scoring run.</summary>
    public static string? DownloadUrl(IUrlHelper url, Guid surveyId, Guid? run, string chartId, string format) =>
        url.Page("/Results/Index", $"Chart{format}", new { id = surveyId, run, chart = chartId });

    /// <summary>A coordinate in SVG user units.</summary>
    public static string N(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    public static string Percent(double? share) => share is { } s ? (s * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "–";

    public static string Score(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "–";

    public static string Interval(Bounds? bounds, Func<double?, string> format) =>
        bounds is null ? "–" : $"{format(bounds.Lower)} to {format(bounds.Upper)}";

    /// <summary>SVG text does not wrap: long labels are shortened on the chart and shown whole in its table and tooltip.</summary>
    public static string Shorten(string label, int max) => label.Length <= max ? label : label[..(max - 1)].TrimEnd() + "…";

    public static double Clamp(double value, double min, double max) => Math.Min(max, Math.Max(min, value));

    // Question and segment codes become element ids and a query value: keep them to id-safe characters.
    private static string Safe(string code)
    {
        var safe = new StringBuilder(code.Length);
        foreach (var c in code)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-');
        }

        return safe.ToString();
    }
}
