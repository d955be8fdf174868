using System.Globalization;
using System.Text;

namespace SurveyPlatform.Domain.Exports;

/// <summary>
/// An R script that reads the wide response CSV with <c>read.csv</c> (every column as text first,
/// names kept as in the CSV) and gives it the codebook: numbers as numbers, coded answers as
/// labelled factors (ordered for ratings, NPS and ranks; "na" becomes NA), 0/1 option columns as
/// integers, and each variable's label as its <c>label</c> attribute.
/// </summary>
public static class RScript
{
    public static string Write(IReadOnlyList<CodebookVariable> variables, string csvFileName, string title)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var sb = new StringBuilder();
        sb.Append("# ").Append(PlainText.FromMarkdown(title)).Append(": responses, read from ").Append(csvFileName).Append('\n');
        sb.Append("# Run from the folder this was unzipped into: Rscript responses.R, or setwd() there and source(\"responses.R\").\n");
        sb.Append("responses <- read.csv(").Append(Quote(csvFileName))
            .Append(", colClasses = \"character\", na.strings = \"\", check.names = FALSE, fileEncoding = \"UTF-8\")\n");
        sb.Append("unguard <- function(x) sub(\"^'\", \"\", x)\n\n");
        foreach (var v in variables)
        {
            var column = $"responses[[{Quote(v.Name)}]]";
            if (v.Values.Count > 0 && !IsIndicator(v))
            {
                sb.Append(column).Append(" <- factor(").Append(column)
                    .Append(", levels = c(").Append(string.Join(", ", v.Values.Select(p => Quote(p.Value))))
                    .Append("), labels = c(").Append(string.Join(", ", v.Values.Select(p => Quote(p.Label))))
                    .Append(')').Append(v.Level == MeasurementLevel.Ordinal ? ", ordered = TRUE" : string.Empty).Append(")\n");
            }
            else if (IsIndicator(v))
            {
                sb.Append(column).Append(" <- as.integer(").Append(column).Append(")\n");
            }
            else if (v.Storage == VariableStorage.Number)
            {
                sb.Append(column).Append(" <- as.numeric(").Append(v.MayBeGuarded ? $"unguard({column})" : column).Append(")\n");
            }
            else if (v.Type.StartsWith("Date (", StringComparison.Ordinal))
            {
                sb.Append(column).Append(" <- as.Date(").Append(column).Append(")\n");
            }

            sb.Append("attr(").Append(column).Append(", \"label\") <- ").Append(Quote(v.Label)).Append('\n');
        }

        return sb.ToString();
    }

    private static bool IsIndicator(CodebookVariable v) =>
        v.Storage == VariableStorage.Number && v.Values.Count == 2 && v.Values[0].Value == "0" && v.Values[1].Value == "1" && v.Level == MeasurementLevel.Nominal;

    /// <summary>An R string literal in ASCII: backslash and double quote escaped, every other character outside printable ASCII as \u or \U.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder("\"");
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is '\\' or '"')
            {
                sb.Append('\\').Append(c);
            }
            else if (c is >= ' ' and <= '~')
            {
                sb.Append(c);
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                sb.Append("\\U{").Append(char.ConvertToUtf32(c, value[i + 1]).ToString("x", CultureInfo.InvariantCulture)).Append('}');
                i++;
            }
            else
            {
                sb.Append("\\u{").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)).Append('}');
            }
        }

        return sb.Append('"').ToString();
    }
}
