using System.Text.RegularExpressions;
using SurveyPlatform.Domain.Logic;

namespace SurveyPlatform.Domain.Questionnaires;

/// <summary>
/// Publish-time validation: every problem in one list, each naming where it is. Nothing publishes
/// while the list is non-empty.
/// </summary>
public static partial class DefinitionCheck
{
    [GeneratedRegex(@"\{((?:(?i:participant)\.)?[A-Za-z][A-Za-z0-9_]*)\}")]
    private static partial Regex PipedCode();

    public static IReadOnlyList<string> Problems(SurveyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var problems = new List<string>();
        if (definition.Pages.Count == 0 || definition.Pages.All(p => p.Questions.Count == 0))
        {
            problems.Add("Add at least one question before publishing.");
            return problems;
        }

        var allKeys = definition.Pages.SelectMany(p => p.Questions).SelectMany(q => q.AnswerKeys().Append(q.Code)).ToList();
        var earlier = new List<string>(); // answer keys asked before the current point
        var seenCodes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var seenKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        for (var p = 0; p < definition.Pages.Count; p++)
        {
            var page = definition.Pages[p];
            var pageLabel = $"{p + 1}{(string.IsNullOrWhiteSpace(page.Title) ? string.Empty : $" ({page.Title})")}";
            var pageName = $"Page {pageLabel}";
            if (page.Questions.Count == 0)
            {
                problems.Add($"{pageName} has no questions.");
            }

            CheckCondition(problems, pageName, page.Condition, earlier, allKeys);

            foreach (var q in page.Questions)
            {
                var name = $"Question {(string.IsNullOrEmpty(q.Code) ? "(no code)" : q.Code)} on page {pageLabel}";
                if (!QuestionDraft.IsValidCode(q.Code))
                {
                    problems.Add($"{name}: the code must start with a letter, then letters, digits or _, at most {QuestionDraft.MaxCodeLength} characters.");
                }
                else if (!seenCodes.Add(q.Code))
                {
                    problems.Add($"{name}: the code \"{q.Code}\" is used more than once.");
                }

                if (string.IsNullOrWhiteSpace(q.Text))
                {
                    problems.Add($"{name}: the text is empty.");
                }

                CheckQuestion(problems, name, q);
                foreach (var key in q.AnswerKeys())
                {
                    if (key != q.Code && !seenKeys.Add(key))
                    {
                        problems.Add($"{name}: its answer column \"{key}\" clashes with another question's.");
                    }
                }

                // A question's condition may use questions before it, including earlier ones on its page.
                CheckCondition(problems, name, q.Condition, earlier, allKeys);
                CheckPiping(problems, name, q.Text, earlier);
                earlier.AddRange(q.AnswerKeys());
            }

        }

        var codes = seenCodes;
        foreach (var key in seenKeys.Where(codes.Contains))
        {
            problems.Add($"The answer column \"{key}\" is also a question code.");
        }

        return problems;
    }

    /// <summary>
    /// The order problems of a draft: each show-if condition (of a page or a question) and each piped
    /// <c>{CODE}</c> that uses a question which does not come before it. A reorder that adds one is refused.
    /// </summary>
    public static IReadOnlyList<string> OrderProblems(SurveyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var problems = new List<string>();
        var all = definition.Questions.SelectMany(q => q.AnswerKeys().Append(q.Code)).ToList();
        var owner = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var q in definition.Questions)
        {
            foreach (var key in q.AnswerKeys().Append(q.Code))
            {
                owner.TryAdd(key, q.Code);
            }
        }

        var earlier = new List<string>();
        foreach (var page in definition.Pages)
        {
            var pageName = string.IsNullOrWhiteSpace(page.Title) ? "This page" : $"Page \"{page.Title}\"";
            foreach (var later in LaterReferences(page.Condition, earlier, all))
            {
                problems.Add($"{pageName} is shown only if \"{page.Condition}\", so it must come after question {owner[later]}.");
            }

            foreach (var q in page.Questions)
            {
                foreach (var later in LaterReferences(q.Condition, earlier, all))
                {
                    problems.Add($"Question {q.Code} is shown only if \"{q.Condition}\", so it must come after question {owner[later]}.");
                }

                foreach (var piped in PipedCodes(q.Text).Concat(PipedCodes(q.Help)).Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    if (!earlier.Contains(piped, StringComparer.OrdinalIgnoreCase) && all.Contains(piped, StringComparer.OrdinalIgnoreCase))
                    {
                        problems.Add($"Question {q.Code} shows the answer to {{{piped}}}, so it must come after question {owner[piped]}.");
                    }
                }

                earlier.AddRange(q.AnswerKeys());
            }
        }

        return problems;
    }

    private static IEnumerable<string> LaterReferences(string? condition, List<string> earlier, List<string> all)
    {
        if (ConditionParser.Parse(condition).Condition is not { } parsed)
        {
            return [];
        }

        return parsed.References().Select(r => r.Code)
            .Where(c => !earlier.Contains(c, StringComparer.OrdinalIgnoreCase) && all.Contains(c, StringComparer.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase);
    }

    private static IEnumerable<string> PipedCodes(string? text) =>
        PipedCode().Matches(text ?? string.Empty).Select(m => m.Groups[1].Value).Where(c => !ParticipantReference.TryName(c, out _));

    private static void CheckQuestion(List<string> problems, string name, QuestionDefinition q)
    {
        if (q.Type == QuestionType.Descriptive && q.Required)
        {
            problems.Add($"{name}: descriptive text cannot be required.");
        }

        if (q.HasOptions)
        {
            if (q.Options.Count == 0)
            {
                problems.Add($"{name}: the option list is empty.");
            }
            else if (q.Options.Count < 2 && q.Type is QuestionType.SingleChoice or QuestionType.Ranking)
            {
                problems.Add($"{name}: needs at least two options.");
            }

            CheckCodes(problems, name, "option", q.Options);
        }

        if (q.IsMatrix)
        {
            if (q.Rows.Count == 0)
            {
                problems.Add($"{name}: the matrix has no rows.");
            }

            CheckCodes(problems, name, "row", q.Rows);
        }

        if (q.RowsPerPage is { } perPage && (!q.IsMatrix || perPage < 1))
        {
            problems.Add($"{name}: rows per page applies to a matrix and must be at least 1.");
        }

        if (q.Type is QuestionType.Rating or QuestionType.MatrixRating && q.Scale is { } scale && (scale < 2 || scale > 11))
        {
            problems.Add($"{name}: a rating scale needs 2 to 11 points.");
        }

        if (q.Type == QuestionType.Number && q.Min is { } min && q.Max is { } max && min > max)
        {
            problems.Add($"{name}: the minimum is greater than the maximum.");
        }

        if (q.Type == QuestionType.MultipleChoice)
        {
            if (q.MinSelections is < 0 || q.MaxSelections is < 1)
            {
                problems.Add($"{name}: the selection limits must be positive.");
            }
            else if (q.MinSelections is { } least && q.MaxSelections is { } most && least > most)
            {
                problems.Add($"{name}: the minimum number of selections is greater than the maximum.");
            }
            else if (q.MinSelections is { } needed && needed > q.Options.Count)
            {
                problems.Add($"{name}: asks for more selections than there are options.");
            }

            if (q.ExclusiveOption is { } exclusive && !q.Options.Any(o => Same(o.Code, exclusive)))
            {
                problems.Add($"{name}: the \"none of these\" option \"{exclusive}\" is not one of its options.");
            }
        }

        if (q.OtherOption is { } other && !(q.Type is QuestionType.SingleChoice or QuestionType.MultipleChoice && q.Options.Any(o => Same(o.Code, other))))
        {
            problems.Add($"{name}: the \"other\" option \"{other}\" is not one of its options.");
        }

        if (q.Type == QuestionType.ShortText && q.Validation == TextValidation.Regex)
        {
            if (string.IsNullOrEmpty(q.Pattern))
            {
                problems.Add($"{name}: the regular expression is empty.");
            }
            else
            {
                try
                {
                    _ = new Regex(q.Pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
                }
                catch (ArgumentException ex)
                {
                    problems.Add($"{name}: the regular expression is not valid ({ex.Message}).");
                }
            }
        }
    }

    private static void CheckCodes(List<string> problems, string name, string what, IReadOnlyList<OptionDefinition> items)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in items)
        {
            if (item.Code.Length is 0 or > QuestionDraft.MaxCodeLength || !item.Code.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                problems.Add($"{name}: {what} code \"{item.Code}\" may use only letters, digits and _ (at most {QuestionDraft.MaxCodeLength}).");
            }
            else if (!seen.Add(item.Code))
            {
                problems.Add($"{name}: {what} code \"{item.Code}\" is used twice.");
            }

            if (string.IsNullOrWhiteSpace(item.Label))
            {
                problems.Add($"{name}: {what} \"{item.Code}\" has no label.");
            }
        }
    }

    private static void CheckCondition(List<string> problems, string name, string? condition, List<string> earlier, List<string> all)
    {
        if (condition is null)
        {
            return;
        }

        var later = all.Except(earlier, StringComparer.OrdinalIgnoreCase).ToList();
        var (_, errors) = ConditionParser.ParseAndCheck(condition, earlier, later);
        problems.AddRange(errors.Select(e => $"{name}: condition \"{condition}\": {e}"));
    }

    private static void CheckPiping(List<string> problems, string name, string text, List<string> earlier)
    {
        foreach (Match match in PipedCode().Matches(text ?? string.Empty))
        {
            var code = match.Groups[1].Value;

            // {participant.NAME} pipes an attribute of the invited participant; any name is allowed.
            if (!ParticipantReference.TryName(code, out _) && !earlier.Contains(code, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"{name}: the text shows {{{code}}}, which is not an earlier question.");
            }
        }
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
