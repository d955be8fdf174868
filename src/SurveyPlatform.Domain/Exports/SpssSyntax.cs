using System.Globalization;
using System.Text;

namespace SurveyPlatform.Domain.Exports;

/// <summary>
/// SPSS syntax (also run by GNU PSPP) that reads the wide response CSV and gives it the codebook's
/// dictionary: GET DATA with a format per column, then VARIABLE LABELS, VALUE LABELS, MISSING VALUES,
/// VARIABLE LEVEL and FORMATS. Number columns that can hold text ("na" for not applicable, or the
/// formula guard's quote before a negative number) are read as text and converted, "na" becoming
/// the user-missing code -1.
/// </summary>
public static class SpssSyntax
{
    /// <summary>SPSS limits variable labels to 256 bytes and value labels to 120.</summary>
    private const int VariableLabelBytes = 255;
    private const int ValueLabelBytes = 120;

    public static string Write(IReadOnlyList<CodebookVariable> variables, string csvFileName, string title)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var sb = new StringBuilder();
        var names = variables.Select(v => v.SpssName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var raw = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var v in variables.Where(NeedsConversion))
        {
            var candidate = "raw_" + (raw.Count + 1).ToString(CultureInfo.InvariantCulture);
            while (names.Contains(candidate))
            {
                candidate = "x" + candidate;
            }

            names.Add(candidate);
            raw[v.SpssName] = candidate;
        }

        sb.Append("* Encoding: UTF-8.\n");
        sb.Append("* ").Append(Comment(title)).Append(": responses, read from ").Append(csvFileName).Append(".\n");
        sb.Append("* Run this file from the folder it was unzipped into (or change /FILE below to the CSV's full path).\n");
        sb.Append("* Line breaks inside answers are written as spaces in this CSV, since GET DATA reads a case per line.\n\n");
        sb.Append("GET DATA\n  /TYPE=TXT\n  /FILE=").Append(Quote(csvFileName)).Append('\n');
        sb.Append("  /ENCODING='UTF8'\n  /ARRANGEMENT=DELIMITED\n  /DELCASE=LINE\n  /FIRSTCASE=2\n  /DELIMITERS=\",\"\n  /QUALIFIER='\"'\n  /VARIABLES=\n");
        foreach (var v in variables)
        {
            var name = raw.GetValueOrDefault(v.SpssName, v.SpssName);
            var format = v.Storage == VariableStorage.Text || raw.ContainsKey(v.SpssName)
                ? "A" + (raw.ContainsKey(v.SpssName) ? 40 : v.TextBytes).ToString(CultureInfo.InvariantCulture)
                : "F40.0";
            sb.Append("    ").Append(name).Append(' ').Append(format).Append('\n');
        }

        sb.Append(".\n\n");
        if (raw.Count > 0)
        {
            foreach (var v in variables.Where(v => raw.ContainsKey(v.SpssName)))
            {
                var from = raw[v.SpssName];
                if (v.Missing.Count > 0)
                {
                    sb.Append("RECODE ").Append(from).Append(" (").Append(Quote(v.Missing[0].Value)).Append('=')
                        .Append(CodebookVariable.NotApplicableCode.ToString(CultureInfo.InvariantCulture)).Append(") (CONVERT) INTO ").Append(v.SpssName).Append(".\n");
                }
                else
                {
                    sb.Append("IF (RTRIM(").Append(from).Append(") <> '') ").Append(v.SpssName).Append(" = NUMBER(LTRIM(").Append(from).Append(", \"'\"), F40.0).\n");
                }
            }

            sb.Append("MATCH FILES /FILE=*\n  /KEEP=");
            AppendNames(sb, variables.Select(v => v.SpssName));
            sb.Append(".\nEXECUTE.\n\n");
        }

        sb.Append("VARIABLE LABELS\n");
        AppendList(sb, variables.Select(v => $"{v.SpssName} {Quote(Truncate(v.Label, VariableLabelBytes))}"));

        var labelled = variables.Where(v => v.Values.Count > 0 || (v.Missing.Count > 0 && v.Storage == VariableStorage.Number)).ToList();
        if (labelled.Count > 0)
        {
            sb.Append("VALUE LABELS\n");
            AppendList(sb, labelled.Select(v => v.SpssName + " " + string.Join(" ", ValueLabels(v).Select(p => $"{Value(v, p.Value)} {Quote(Truncate(p.Label, ValueLabelBytes))}"))));
        }

        var missing = variables.Where(v => v.Missing.Count > 0).ToList();
        if (missing.Count > 0)
        {
            sb.Append("MISSING VALUES\n");
            AppendList(sb, missing.Select(v => v.Storage == VariableStorage.Number
                ? $"{v.SpssName} ({CodebookVariable.NotApplicableCode.ToString(CultureInfo.InvariantCulture)})"
                : $"{v.SpssName} ({string.Join(", ", v.Missing.Select(m => Quote(m.Value)))})"));
        }

        sb.Append("VARIABLE LEVEL\n");
        AppendList(sb, variables.GroupBy(v => v.Level).OrderBy(g => g.Key)
            .Select(g => string.Join(" ", g.Select(v => v.SpssName)) + " (" + g.Key.ToString().ToUpperInvariant() + ")"));

        var numbers = variables.Where(v => v.Storage == VariableStorage.Number).ToList();
        if (numbers.Count > 0)
        {
            sb.Append("FORMATS\n");
            AppendList(sb, numbers.GroupBy(v => v.Level == MeasurementLevel.Scale ? "F12.2" : "F8.0")
                .Select(g => string.Join(" ", g.Select(v => v.SpssName)) + " (" + g.Key + ")"));
        }

        sb.Append("EXECUTE.\n");
        return sb.ToString();
    }

    private static bool NeedsConversion(CodebookVariable v) =>
        v.Storage == VariableStorage.Number && (v.Missing.Count > 0 || v.MayBeGuarded);

    private static IEnumerable<ValueLabel> ValueLabels(CodebookVariable v) =>
        v.Storage == VariableStorage.Number
            ? v.Values.Concat(v.Missing.Select(m => new ValueLabel(CodebookVariable.NotApplicableCode.ToString(CultureInfo.InvariantCulture), m.Label)))
            : v.Values;

    private static string Value(CodebookVariable v, string value) => v.Storage == VariableStorage.Number ? value : Quote(value);

    /// <summary>Items one per line, separated by slashes, the command ended with a full stop.</summary>
    private static void AppendList(StringBuilder sb, IEnumerable<string> items)
    {
        var first = true;
        foreach (var item in items)
        {
            sb.Append(first ? "    " : "  / ").Append(item).Append('\n');
            first = false;
        }

        sb.Append(".\n");
    }

    private static void AppendNames(StringBuilder sb, IEnumerable<string> names)
    {
        var line = 0;
        foreach (var name in names)
        {
            if (line > 0 && line + name.Length > 70)
            {
                sb.Append("\n    ");
                line = 0;
            }
            else if (line > 0)
            {
                sb.Append(' ');
            }

            sb.Append(name);
            line += name.Length + 1;
        }
    }

    /// <summary>An SPSS string literal: apostrophes doubled.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    private static string Comment(string text) => PlainText.FromMarkdown(text).Replace(".", string.Empty, StringComparison.Ordinal);

    /// <summary>Cuts to at most <paramref name="bytes"/> UTF-8 bytes without splitting a character.</summary>
    public static string Truncate(string value, int bytes)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (Encoding.UTF8.GetByteCount(value) <= bytes)
        {
            return value;
        }

        var length = value.Length;
        while (length > 0 && Encoding.UTF8.GetByteCount(value.AsSpan(0, length)) > bytes - 3)
        {
            length--;
            if (length > 0 && char.IsHighSurrogate(value[length - 1]))
            {
                length--;
            }
        }

        return value[..length] + "…";
    }
}
