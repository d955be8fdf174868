using System.Globalization;
using SurveyPlatform.Domain.Exports;
using SurveyPlatform.Domain.Scoring.Engine;

namespace SurveyPlatform.Web.Results;

/// <summary>
/// A run's figures as one long table: section, group, measure, statistic, value. Written from the
/// results document, so a suppressed group appears only as its "suppressed (n&lt;k)" label.
/// </summary>
public static class ResultsSummaryCsv
{
    public static readonly string[] Header = ["section", "group", "measure", "statistic", "value"];

    public static async Task WriteAsync(ScoringResults results, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(results);
        // A few thousand rows at most: built in memory, sent with asynchronous writes.
        var sink = new CsvChunkWriter(output, byteOrderMark: false);
        var writer = sink.Rows;
        CsvFormat.WriteRow(writer, Header.Select(CsvFormat.Cell.Text));
        void Row(string section, string group, string measure, string statistic, string? value) =>
            CsvFormat.WriteRow(writer, [CsvFormat.Cell.Text(section), CsvFormat.Cell.Text(group), CsvFormat.Cell.Text(measure), CsvFormat.Cell.Text(statistic), CsvFormat.Cell.Text(value)]);
        void Figure(string section, string group, string measure, Figure? figure)
        {
            if (figure is null)
            {
                return;
            }

            if (figure.Suppressed is { } label)
            {
                Row(section, group, measure, "suppressed", label);
                return;
            }

            Row(section, group, measure, "n", figure.N?.ToString(CultureInfo.InvariantCulture));
            Row(section, group, measure, "mean", F(figure.Mean));
            Row(section, group, measure, "sd", F(figure.StandardDeviation));
            Row(section, group, measure, "median", F(figure.Median));
            Row(section, group, measure, "t_lower", F(figure.TInterval?.Lower));
            Row(section, group, measure, "t_upper", F(figure.TInterval?.Upper));
            Row(section, group, measure, "bootstrap_lower", F(figure.Bootstrap?.Lower));
            Row(section, group, measure, "bootstrap_upper", F(figure.Bootstrap?.Upper));
        }

        Figure("readiness", "all", "overall", results.Overall);
        foreach (var d in results.Dimensions)
        {
            Figure("readiness", "all", d.Name, d.Figure);
        }

        foreach (var s in results.Segments)
        {
            Figure("segment", s.Segment, "overall", s.Overall);
            foreach (var d in s.Dimensions)
            {
                Figure("segment", s.Segment, d.Name, d.Figure);
            }
        }

        foreach (var item in results.Items)
        {
            Figure("item", "all", item.Key, item.Figure);
        }

        foreach (var table in results.Maturity is null ? results.Options : [results.Maturity, .. results.Options])
        {
            if (table.Suppressed is { } label)
            {
                Row("shares", table.Question, table.Base, "suppressed", label);
                continue;
            }

            foreach (var option in table.Options)
            {
                Row("shares", table.Question, option.Code, "count", option.Count?.ToString(CultureInfo.InvariantCulture));
                Row("shares", table.Question, option.Code, "share", F(option.Share));
                Row("shares", table.Question, option.Code, "wilson_lower", F(option.Wilson?.Lower));
                Row("shares", table.Question, option.Code, "wilson_upper", F(option.Wilson?.Upper));
            }
        }

        foreach (var segment in results.Jtbd?.Segments ?? [])
        {
            if (segment.Suppressed is { } label)
            {
                Row("jtbd", segment.Segment, "segment", "suppressed", label);
                continue;
            }

            foreach (var row in segment.Rows)
            {
                Figure("jtbd", segment.Segment, row.Row + " adoption", row.Adoption);
                Figure("jtbd", segment.Segment, row.Row + " opportunity", row.Opportunity);
                Row("jtbd", segment.Segment, row.Row, "quadrant", row.Quadrant);
                if (row.Sensitivity is { } sens)
                {
                    Row("jtbd", segment.Segment, row.Row, "quadrant_share", F(sens.BaselineQuadrantShare));
                    Row("jtbd", segment.Segment, row.Row, "robust", sens.Robust ? "yes" : "no");
                }
            }
        }

        await sink.FlushAsync(cancellationToken);
    }

    private static string? F(double? value) => value?.ToString("0.######", CultureInfo.InvariantCulture);
}
