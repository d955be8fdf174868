using System.Globalization;
using SurveyPlatform.Domain.Exports;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Scoring.Descriptives;
using SurveyPlatform.Domain.Scoring.Engine;

namespace SurveyPlatform.Web.Results;

/// <summary>
/// A run's figures as one long table: section, group, measure, statistic, value, and the base and n
/// each figure is of. Written from the results document, so a suppressed group appears only as its
/// "suppressed (n&lt;k)" label (and no n). Sections: readiness, segment, item (0–100 scoring), shares
/// (choice questions, with a multiple choice's other base beside its stated one), question (every
/// question on its own scale: counts, mean, NPS, quartiles), distribution (the points of a scale, the
/// months of a date), histogram, matrix and ranking rows, and jtbd.
/// </summary>
public static class ResultsSummaryCsv
{
    public static readonly string[] Header = ["section", "group", "measure", "statistic", "value", "base", "n"];

    private const string ScoredBase = "respondents with a score";

    public static async Task WriteAsync(ScoringResults results, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(results);
        // A few thousand rows at most: built in memory, sent with asynchronous writes.
        var sink = new CsvChunkWriter(output, byteOrderMark: false);
        var writer = sink.Rows;
        CsvFormat.WriteRow(writer, Header.Select(CsvFormat.Cell.Text));
        void Row(string section, string group, string measure, string statistic, string? value, string? baseName = null, int? n = null) =>
            CsvFormat.WriteRow(writer, [
                CsvFormat.Cell.Text(section), CsvFormat.Cell.Text(group), CsvFormat.Cell.Text(measure), CsvFormat.Cell.Text(statistic), CsvFormat.Cell.Text(value),
                CsvFormat.Cell.Text(baseName), CsvFormat.Cell.Text(n?.ToString(CultureInfo.InvariantCulture))]);
        void Figure(string section, string group, string measure, Figure? figure, string baseName = ScoredBase)
        {
            if (figure is null)
            {
                return;
            }

            if (figure.Suppressed is { } label)
            {
                Row(section, group, measure, "suppressed", label, baseName);
                return;
            }

            var n = figure.N;
            Row(section, group, measure, "n", n?.ToString(CultureInfo.InvariantCulture), baseName, n);
            Row(section, group, measure, "mean", F(figure.Mean), baseName, n);
            Row(section, group, measure, "sd", F(figure.StandardDeviation), baseName, n);
            Row(section, group, measure, "median", F(figure.Median), baseName, n);
            Row(section, group, measure, "t_lower", F(figure.TInterval?.Lower), baseName, n);
            Row(section, group, measure, "t_upper", F(figure.TInterval?.Upper), baseName, n);
            if (section is not ("question" or "matrix" or "ranking"))
            {
                Row(section, group, measure, "bootstrap_lower", F(figure.Bootstrap?.Lower), baseName, n);
                Row(section, group, measure, "bootstrap_upper", F(figure.Bootstrap?.Upper), baseName, n);
            }
        }

        void Shares(string section, string group, ShareTable table)
        {
            if (table.Suppressed is { } label)
            {
                Row(section, group, table.Base, "suppressed", label, table.Base);
                return;
            }

            foreach (var option in table.Options)
            {
                Row(section, group, option.Code, "count", option.Count?.ToString(CultureInfo.InvariantCulture), table.Base, table.BaseN);
                Row(section, group, option.Code, "share", F(option.Share), table.Base, table.BaseN);
                Row(section, group, option.Code, "wilson_lower", F(option.Wilson?.Lower), table.Base, table.BaseN);
                Row(section, group, option.Code, "wilson_upper", F(option.Wilson?.Upper), table.Base, table.BaseN);
            }
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
            Shares("shares", table.Question, table);
            if (table.Alternative is { } other)
            {
                Shares("shares", table.Question, other);
            }
        }

        foreach (var question in results.Questions)
        {
            QuestionRows(question);
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

        void QuestionRows(QuestionSummary q)
        {
            const string Answering = QuestionDescriptives.AnsweringBase;
            if (q.Suppressed is { } label)
            {
                Row("question", q.Code, "answers", "suppressed", label, Answering);
                return;
            }

            Row("question", q.Code, "answers", "shown", q.Shown?.ToString(CultureInfo.InvariantCulture), QuestionDescriptives.ShownBase, q.Shown);
            Row("question", q.Code, "answers", "answered", q.Answered?.ToString(CultureInfo.InvariantCulture), Answering, q.Answered);
            if (q.NotApplicable is { } na)
            {
                Row("question", q.Code, "answers", "not_applicable", na.ToString(CultureInfo.InvariantCulture), QuestionDescriptives.ShownBase, q.Shown);
            }

            if (q.Figure is { } figure)
            {
                Figure("question", q.Code, q.ScaleStart is { } start ? $"mean ({start}-{q.ScaleEnd})" : "value", figure, Answering);
            }

            if (q.Nps is { } nps)
            {
                var n = nps.Promoters + nps.Passives + nps.Detractors;
                Row("question", q.Code, "nps", "promoters", F(nps.PromoterShare), Answering, n);
                Row("question", q.Code, "nps", "passives", F(nps.PassiveShare), Answering, n);
                Row("question", q.Code, "nps", "detractors", F(nps.DetractorShare), Answering, n);
                Row("question", q.Code, "nps", "score", F(nps.Score), Answering, n);
                Row("question", q.Code, "nps", "adjusted_wald_lower", F(nps.Interval?.Lower), Answering, n);
                Row("question", q.Code, "nps", "adjusted_wald_upper", F(nps.Interval?.Upper), Answering, n);
            }

            if (q.Number is { } number)
            {
                Row("question", q.Code, "value", "min", F(number.Minimum), Answering, q.Answered);
                Row("question", q.Code, "value", "q1", F(number.LowerQuartile), Answering, q.Answered);
                Row("question", q.Code, "value", "q3", F(number.UpperQuartile), Answering, q.Answered);
                Row("question", q.Code, "value", "iqr", F(number.InterquartileRange), Answering, q.Answered);
                Row("question", q.Code, "value", "max", F(number.Maximum), Answering, q.Answered);
                foreach (var bin in number.Bins)
                {
                    Row("histogram", q.Code, $"{F(bin.From)} to {F(bin.To)}", "count", bin.Count.ToString(CultureInfo.InvariantCulture), Answering, q.Answered);
                }
            }

            // A choice question's shares are in the shares section already; a scale's points and a date's months are its distribution.
            if (q.Shares is { } shares && q.Type is not (QuestionType.SingleChoice or QuestionType.MultipleChoice or QuestionType.YesNo))
            {
                Shares("distribution", q.Code, shares);
            }

            foreach (var row in q.Rows)
            {
                var section = q.Type == QuestionType.Ranking ? "ranking" : "matrix";
                if (row.Suppressed is { } rowLabel)
                {
                    Row(section, q.Code, row.Code, "suppressed", rowLabel, Answering);
                    continue;
                }

                Figure(section, q.Code, q.Type == QuestionType.Ranking ? $"{row.Code} rank" : $"{row.Code} mean", row.Figure, Answering);
                if (row.Shares is { } rowShares)
                {
                    Shares(section, q.Code + "_" + row.Code, rowShares);
                }
            }
        }
    }

    private static string? F(double? value) => value?.ToString("0.######", CultureInfo.InvariantCulture);
}
