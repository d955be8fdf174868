namespace SurveyPlatform.Domain.Scoring.Statistics;

/// <summary>Who a share is a share of.</summary>
public enum ShareBase
{
    /// <summary>Single choice: respondents who chose an option. Each chose one, so the shares sum to 1.</summary>
    RespondentsAnswering,

    /// <summary>
    /// Multiple choice: respondents who chose at least one option. Each option's share is the share
    /// of those respondents who chose it, so the shares may sum above 1.
    /// </summary>
    RespondentsAnsweringAnyOption,
}

/// <summary>One option: how many of the base chose it, that share and its Wilson interval (empty when the base is 0).</summary>
public sealed record OptionShare(string Code, int Count, double? Share, ConfidenceInterval? Interval);

/// <summary>The shares of every option of one question, with the base they are shares of.</summary>
public sealed record OptionShareTable(ShareBase Base, int BaseN, IReadOnlyList<OptionShare> Options);

/// <summary>Option shares with Wilson intervals. Options come back in the order given, unchosen ones with 0.</summary>
public static class OptionShares
{
    /// <summary>
    /// Each answer is the chosen option's code, or null when the respondent did not answer; those
    /// are left out of the base. A code that is not among the options is an error.
    /// </summary>
    public static OptionShareTable SingleChoice(
        IEnumerable<string?> answers, IReadOnlyList<string> optionCodes, double level = ConfidenceInterval.DefaultLevel)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var counts = NewCounts(optionCodes);
        ConfidenceInterval.CheckLevel(level);
        var baseN = 0;
        foreach (var answer in answers)
        {
            if (answer is null)
            {
                continue;
            }

            baseN++;
            Count(counts, answer);
        }

        return Table(ShareBase.RespondentsAnswering, baseN, optionCodes, counts, level);
    }

    /// <summary>
    /// Each answer is the set of chosen codes; null or empty means the respondent did not answer and
    /// is left out of the base (offer an explicit "none of these" option to count such respondents).
    /// A code repeated within one answer counts once. A code that is not among the options is an error.
    /// </summary>
    public static OptionShareTable MultipleChoice(
        IEnumerable<IReadOnlyCollection<string>?> answers, IReadOnlyList<string> optionCodes, double level = ConfidenceInterval.DefaultLevel)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var counts = NewCounts(optionCodes);
        ConfidenceInterval.CheckLevel(level);
        var baseN = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var answer in answers)
        {
            if (answer is null || answer.Count == 0)
            {
                continue;
            }

            baseN++;
            seen.Clear();
            foreach (var code in answer)
            {
                if (seen.Add(code))
                {
                    Count(counts, code);
                }
            }
        }

        return Table(ShareBase.RespondentsAnsweringAnyOption, baseN, optionCodes, counts, level);
    }

    private static Dictionary<string, int> NewCounts(IReadOnlyList<string> optionCodes)
    {
        ArgumentNullException.ThrowIfNull(optionCodes);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var code in optionCodes)
        {
            if (!counts.TryAdd(code, 0))
            {
                throw new ArgumentException($"Option code '{code}' is listed twice.", nameof(optionCodes));
            }
        }

        return counts;
    }

    private static void Count(Dictionary<string, int> counts, string code)
    {
        if (!counts.TryGetValue(code, out var count))
        {
            throw new ArgumentException($"The answer '{code}' is not one of the question's options.", nameof(code));
        }

        counts[code] = count + 1;
    }

    private static OptionShareTable Table(
        ShareBase shareBase, int baseN, IReadOnlyList<string> optionCodes, Dictionary<string, int> counts, double level)
    {
        var options = new List<OptionShare>(optionCodes.Count);
        foreach (var code in optionCodes)
        {
            var count = counts[code];
            options.Add(baseN == 0
                ? new OptionShare(code, 0, null, null)
                : new OptionShare(code, count, (double)count / baseN, WilsonInterval.ForProportion(count, baseN, level)));
        }

        return new OptionShareTable(shareBase, baseN, options);
    }
}
