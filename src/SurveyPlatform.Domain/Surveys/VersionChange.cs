using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Surveys;

/// <summary>
/// What a new version may not do to answers already collected: drop a question that has answers,
/// change its type, or drop an option, matrix row or column code that answers use.
/// </summary>
public static class VersionChange
{
    public static IReadOnlyList<string> Problems(SurveyDefinition previous, SurveyDefinition next, IReadOnlySet<string> answeredKeys)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(answeredKeys);
        var problems = new List<string>();
        foreach (var old in previous.Questions)
        {
            if (!old.AnswerKeys().Any(answeredKeys.Contains))
            {
                continue;
            }

            var current = next.Find(old.Code);
            if (current is null)
            {
                problems.Add($"Question {old.Code} has answers and cannot be removed or have its code changed in a new version.");
                continue;
            }

            if (current.Type != old.Type)
            {
                problems.Add($"Question {old.Code} has answers, so its type cannot change from {old.Type} to {current.Type}.");
            }

            foreach (var option in old.Options.Where(o => !current.Options.Any(n => Same(n.Code, o.Code))))
            {
                problems.Add($"Question {old.Code} has answers, so its option code \"{option.Code}\" cannot be removed or changed.");
            }

            foreach (var row in old.Rows.Where(r => !current.Rows.Any(n => Same(n.Code, r.Code))))
            {
                problems.Add($"Question {old.Code} has answers, so its row code \"{row.Code}\" cannot be removed or changed.");
            }
        }

        return problems;
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
