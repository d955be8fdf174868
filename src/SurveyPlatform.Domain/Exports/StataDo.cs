using System.Globalization;
using System.Text;

namespace SurveyPlatform.Domain.Exports;

/// <summary>
/// A Stata do-file that imports the wide response CSV (every column as text, then named and
/// converted) and gives it the codebook: variable labels, numbers destringed (the formula guard's
/// quote ignored), coded text answers turned into labelled numeric codes 1, 2, … in option order,
/// and "na" (not applicable) as the extended missing value .a. Names follow Stata's rules
/// (32 characters at most); the codebook lists the renamed ones.
/// </summary>
public static class StataDo
{
    /// <summary>Stata truncates variable labels at 80 characters.</summary>
    private const int VariableLabelLength = 80;

    public static string Write(IReadOnlyList<CodebookVariable> variables, string csvFileName, string title)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var sb = new StringBuilder();
        sb.Append("* ").Append(Escape(PlainText.FromMarkdown(title))).Append(": responses, read from ").Append(csvFileName).Append('\n');
        sb.Append("* Run from the folder this was unzipped into: do responses.do\n");
        sb.Append("version 16\n");
        sb.Append("import delimited using ").Append(Quote(csvFileName))
            .Append(", varnames(nonames) rowrange(2) stringcols(_all) bindquote(strict) encoding(\"utf-8\") clear\n");
        sb.Append("rename (");
        sb.AppendJoin(" ", variables.Select((_, i) => "v" + (i + 1).ToString(CultureInfo.InvariantCulture)));
        sb.Append(") ///\n    (");
        sb.AppendJoin(" ", variables.Select(v => v.StataName));
        sb.Append(")\n\n");
        foreach (var v in variables)
        {
            var name = v.StataName;
            if (v.Storage == VariableStorage.Number)
            {
                if (v.Missing.Count > 0)
                {
                    sb.Append("replace ").Append(name).Append(" = \".a\" if ").Append(name).Append(" == ").Append(Quote(v.Missing[0].Value)).Append('\n');
                }

                sb.Append("destring ").Append(name).Append(", replace").Append(v.MayBeGuarded ? " ignore(\"'\")" : string.Empty).Append('\n');
                if (v.Values.Count > 0)
                {
                    sb.Append("label define ").Append(name).Append(' ');
                    sb.AppendJoin(" ", v.Values.Select(p => $"{p.Value} {Quote(p.Label)}").Concat(v.Missing.Select(m => $".a {Quote(m.Label)}")));
                    sb.Append('\n').Append("label values ").Append(name).Append(' ').Append(name).Append('\n');
                }
            }
            else if (v.Values.Count > 0)
            {
                // A coded text answer becomes its position in the option list, labelled with the option.
                sb.Append("generate long _code = .\n");
                for (var i = 0; i < v.Values.Count; i++)
                {
                    sb.Append("replace _code = ").Append((i + 1).ToString(CultureInfo.InvariantCulture)).Append(" if ").Append(name).Append(" == ").Append(Quote(v.Values[i].Value)).Append('\n');
                }

                foreach (var m in v.Missing)
                {
                    sb.Append("replace _code = .a if ").Append(name).Append(" == ").Append(Quote(m.Value)).Append('\n');
                }

                sb.Append("order _code, after(").Append(name).Append(")\n");
                sb.Append("drop ").Append(name).Append('\n');
                sb.Append("rename _code ").Append(name).Append('\n');
                sb.Append("label define ").Append(name).Append(' ');
                sb.AppendJoin(" ", v.Values.Select((p, i) => $"{(i + 1).ToString(CultureInfo.InvariantCulture)} {Quote($"{p.Label}")}").Concat(v.Missing.Select(m => $".a {Quote(m.Label)}")));
                sb.Append('\n').Append("label values ").Append(name).Append(' ').Append(name).Append('\n');
            }

            sb.Append("label variable ").Append(name).Append(' ').Append(Quote(Truncate(v.Label))).Append('\n');
        }

        sb.Append("compress\n");
        return sb.ToString();
    }

    private static string Truncate(string label) =>
        label.Length <= VariableLabelLength ? label : label[..(VariableLabelLength - 1)].TrimEnd() + "…";

    /// <summary>
    /// A Stata string in compound quotes (so it may hold double quotes), with the characters that
    /// start macro expansion escaped (<c>`</c> becomes <c>'</c>, <c>$</c> becomes <c>\$</c>) and a
    /// closing compound quote inside the text broken (<c>"'</c> becomes <c>" '</c>).
    /// </summary>
    public static string Quote(string value) => "`\"" + Escape(value) + "\"'";

    private static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Replace("`", "'", StringComparison.Ordinal)
            .Replace("\"'", "\" '", StringComparison.Ordinal)
            .Replace("$", "\\$", StringComparison.Ordinal)
            .Replace("\r", " ", StringComparison.Ordinal)
            .Replace("\n", " ", StringComparison.Ordinal);
    }
}
