using System.Runtime.CompilerServices;
using SurveyPlatform.Domain.Logic;
using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Responding;

/// <summary>
/// Page-by-page answering over a definition, as pure functions of the stored answers: which pages
/// are on the respondent's path, which questions a page shows, what a posted page changes, and
/// whether the whole response is complete. Hidden pages are skipped and answers to questions that
/// became hidden are dropped when the response is finished. The optional <c>context</c> is the
/// invited participant's attributes, read by <c>participant.NAME</c> in conditions; it only steers
/// the logic and is never part of the answers.
/// </summary>
public static class ResponseFlow
{
    /// <summary>The outcome of posting one page: the stored answers after the post, and the page's errors.</summary>
    public sealed record PageOutcome(IReadOnlyDictionary<string, string> Answers, IReadOnlyList<FieldError> Errors)
    {
        public bool IsValid => Errors.Count == 0;
    }

    /// <summary>The outcome of finishing: the answers to keep, or the errors and the first page that has one.</summary>
    public sealed record Completion(IReadOnlyDictionary<string, string> Answers, IReadOnlyList<FieldError> Errors, int FirstPageWithError)
    {
        public bool IsComplete => Errors.Count == 0;
    }

    /// <summary>The indices of the pages on the respondent's path, given the answers so far.</summary>
    public static IReadOnlyList<int> Path(SurveyDefinition definition, IReadOnlyDictionary<string, string> answers, IReadOnlyDictionary<string, string>? context = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var sheet = AnswerSheet.Validate(definition, AsPosted(definition, answers), context);
        var path = new List<int>();
        for (var i = 0; i < definition.Pages.Count; i++)
        {
            if (!IsSkipped(definition.Pages[i], i, sheet, context))
            {
                path.Add(i);
            }
        }

        return path;
    }

    /// <summary>The next page on the path after <paramref name="page"/>, or null when it is the last.</summary>
    public static int? Next(IReadOnlyList<int> path, int page)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.Where(p => p > page).Select(p => (int?)p).FirstOrDefault();
    }

    /// <summary>The page before <paramref name="page"/> on the path, or null on the first.</summary>
    public static int? Previous(IReadOnlyList<int> path, int page)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.Where(p => p < page).Select(p => (int?)p).LastOrDefault();
    }

    /// <summary>
    /// The questions page <paramref name="page"/> shows. A question whose condition reads a question
    /// on the same page is always rendered (a script may hide it; without scripts the respondent sees
    /// it), and its answer counts only if the condition holds when the page is posted.
    /// </summary>
    public static IReadOnlyList<QuestionDefinition> Shown(SurveyDefinition definition, int page, IReadOnlyDictionary<string, string> answers, IReadOnlyDictionary<string, string>? context = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(answers);

        // Conditions read the effective answers: stored answers of questions that are now hidden do not count.
        var effective = AnswerSheet.Validate(definition, AsPosted(definition, answers), context).Answers;
        return Shown(definition.Pages[page].Questions, effective, context);
    }

    private static List<QuestionDefinition> Shown(IReadOnlyList<QuestionDefinition> questions, IReadOnlyDictionary<string, string> effective, IReadOnlyDictionary<string, string>? context)
    {
        var lookup = new AnswerSheet.StoredAnswers(effective, context);
        var shown = new List<QuestionDefinition>();
        foreach (var question in questions)
        {
            // A question reading a shown question of its own page is rendered and re-checked live; one that
            // reads only hidden questions of its page is decided now, like any other.
            var samePage = SamePageReferences(question, questions);
            var live = samePage.Count > 0 && shown.Any(s => samePage.Contains(s.Code) || s.AnswerKeys().Any(samePage.Contains));
            if (live || AnswerSheet.IsShown(question.Condition, lookup))
            {
                shown.Add(question);
            }
        }

        return shown;
    }

    /// <summary>
    /// Each page's same-page references, worked out once per page (a definition does not change once built,
    /// and a published one serves every respondent's request): the path and the shown questions are asked for
    /// several times a request, and parsing each condition and collecting its page's answer keys every time
    /// was a tenth of the respondent pages' own CPU.
    /// </summary>
    private static readonly ConditionalWeakTable<IReadOnlyList<QuestionDefinition>, Dictionary<QuestionDefinition, HashSet<string>>> SamePageByPage = new();

    private static HashSet<string> SamePageReferences(QuestionDefinition question, IReadOnlyList<QuestionDefinition> pageQuestions) =>
        SamePageByPage.GetValue(pageQuestions, ForEachQuestion).TryGetValue(question, out var references)
            ? references
            : FindSamePageReferences(question, pageQuestions); // a question asked about a page it is not on

    private static Dictionary<QuestionDefinition, HashSet<string>> ForEachQuestion(IReadOnlyList<QuestionDefinition> pageQuestions) =>
        pageQuestions.ToDictionary<QuestionDefinition, QuestionDefinition, HashSet<string>>(q => q, q => FindSamePageReferences(q, pageQuestions), ReferenceEqualityComparer.Instance);

    private static HashSet<string> FindSamePageReferences(QuestionDefinition question, IReadOnlyList<QuestionDefinition> pageQuestions)
    {
        var references = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(question.Condition))
        {
            return references;
        }

        var (parsed, _) = ConditionParser.Parse(question.Condition);
        var keys = pageQuestions.Where(q => q != question).SelectMany(q => q.AnswerKeys().Append(q.Code)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var reference in parsed?.References() ?? [])
        {
            if (keys.Contains(reference.Code))
            {
                references.Add(reference.Code);
            }
        }

        return references;
    }

    /// <summary>Whether a question's condition reads another question on its own page.</summary>
    public static bool ReadsSamePage(QuestionDefinition question, IReadOnlyList<QuestionDefinition> pageQuestions)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(pageQuestions);
        return SamePageReferences(question, pageQuestions).Count > 0;
    }

    /// <summary>
    /// Applies a posted page to the stored answers. Strict (Next, Submit): any error leaves the stored
    /// answers as they were and returns the errors. Lenient (Back, Save for later): the valid answers
    /// are kept and the errors are not reported.
    /// </summary>
    public static PageOutcome Post(
        SurveyDefinition definition,
        int page,
        IReadOnlyDictionary<string, string> stored,
        IReadOnlyDictionary<string, IReadOnlyList<string>> posted,
        bool lenient,
        IReadOnlyDictionary<string, string>? context = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(posted);
        var pageQuestions = definition.Pages[page].Questions;
        var pageKeys = pageQuestions.SelectMany(q => q.AnswerKeys().Append(q.Code)).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var combined = AsPosted(definition, stored.Where(a => !pageKeys.Contains(a.Key)).ToDictionary(StringComparer.OrdinalIgnoreCase));
        foreach (var (key, values) in posted)
        {
            if (pageKeys.Contains(key))
            {
                combined[key] = values;
            }
        }

        var sheet = AnswerSheet.Validate(definition, combined, context);
        var errors = sheet.ErrorsOn(page);
        if (errors.Count > 0 && !lenient)
        {
            return new PageOutcome(stored, errors);
        }

        var merged = stored.Where(a => !pageKeys.Contains(a.Key)).ToDictionary(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in sheet.Answers)
        {
            if (pageKeys.Contains(key))
            {
                merged[key] = value;
            }
        }

        return new PageOutcome(merged, lenient ? [] : errors);
    }

    /// <summary>
    /// Checks the whole response as it would be stored: every page on the path is validated again
    /// (a change on an earlier page can show new questions), and answers to hidden questions are dropped.
    /// </summary>
    public static Completion Finish(SurveyDefinition definition, IReadOnlyDictionary<string, string> stored, IReadOnlyDictionary<string, string>? context = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var sheet = AnswerSheet.Validate(definition, AsPosted(definition, stored), context);
        if (sheet.IsValid)
        {
            return new Completion(sheet.Answers, [], -1);
        }

        var first = sheet.ErrorPages.Min();
        return new Completion(sheet.Answers, sheet.ErrorsOn(first), first);
    }

    /// <summary>Stored answers in the shape a form posts them: a multiple choice or ranking gives each value.</summary>
    public static Dictionary<string, IReadOnlyList<string>> AsPosted(SurveyDefinition definition, IReadOnlyDictionary<string, string> stored)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(stored);
        var posted = new Dictionary<string, IReadOnlyList<string>>(stored.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in stored)
        {
            var question = definition.Find(key);
            posted[key] = question?.Type is QuestionType.MultipleChoice or QuestionType.Ranking
                ? value.Split(AnswerSheet.MultipleSeparator, StringSplitOptions.RemoveEmptyEntries)
                : [value];
        }

        return posted;
    }

    private static bool IsSkipped(PageDefinition page, int index, AnswerSheet.Result sheet, IReadOnlyDictionary<string, string>? context)
    {
        // A page whose condition is false, or whose every question is hidden, has nothing to ask.
        return sheet.HiddenPages.Contains(index) || (page.Questions.Count > 0 && Shown(page.Questions, sheet.Answers, context).Count == 0);
    }
}
