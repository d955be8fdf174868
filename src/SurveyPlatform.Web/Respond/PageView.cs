using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Responding;

namespace SurveyPlatform.Web.Respond;

/// <summary>
/// One page of a survey as a respondent sees it, rendered by <c>_SurveyPage.cshtml</c> for the
/// respondent pages and the owner's preview alike: the page's shown questions with piped text,
/// progress along the respondent's path, the values and errors, and the hidden fields of the post.
/// </summary>
public sealed class PageView
{
    public required SurveyDefinition Definition { get; init; }
    public required int PageIndex { get; init; }

    /// <summary>The stored answers so far: they decide the path, the shown questions and piping.</summary>
    public required IReadOnlyDictionary<string, string> Stored { get; init; }

    /// <summary>
    /// The invited participant's attributes, read by <c>participant.NAME</c> in conditions and piping;
    /// null for the public link and the preview (every attribute then reads as unanswered).
    /// </summary>
    public IReadOnlyDictionary<string, string>? Context { get; init; }

    /// <summary>The values in the controls (stored, or as posted when re-shown with errors) and the errors.</summary>
    public required AnswerForm Form { get; init; }

    public required RespondText Text { get; init; }
    public int ShuffleSeed { get; init; }
    public bool CanSaveForLater { get; init; }

    /// <summary>Hidden inputs the post carries (session id, page version, page; or the preview's state).</summary>
    public IReadOnlyDictionary<string, string> HiddenFields { get; init; } = new Dictionary<string, string>();

    public PageDefinition Page => Definition.Pages[PageIndex];

    public IReadOnlyList<int> Path => field ??= ResponseFlow.Path(Definition, Stored, Context);

    public int Number => Math.Max(1, Path.ToList().IndexOf(PageIndex) + 1);

    public int Total => Math.Max(Path.Count, Number);

    public bool IsFirst => ResponseFlow.Previous(Path, PageIndex) is null;

    public bool IsLast => ResponseFlow.Next(Path, PageIndex) is null;

    public string? Title => Piping.FillPieces(Page.Title, Definition, Stored, Piping.Piped.Plain, words: Words, context: Context);

    public string? Intro => Piping.FillPieces(Page.Intro, Definition, Stored, LivePipe, Piping.EscapeMarkdown, Words, Context);

    /// <summary>
    /// The shown questions with their text and help piped. A value piped from a question on this same page is marked
    /// for <see cref="SurveyText"/> to render as a span that respond.js fills in as the respondent answers; any
    /// unanswered value shows as nothing, together with the brackets around it.
    /// </summary>
    public IReadOnlyList<QuestionDefinition> Questions => PipedQuestions(LivePipe);

    private IReadOnlyList<QuestionDefinition> PipedQuestions(Func<Piping.Piped, string> render) =>
        [.. ResponseFlow.Shown(Definition, PageIndex, Stored, Context).Select(q => q with
        {
            Text = Piping.FillPieces(q.Text, Definition, Stored, render, Piping.EscapeMarkdown, Words, Context) ?? string.Empty,
            Help = Piping.FillPieces(q.Help, Definition, Stored, render, Piping.EscapeMarkdown, Words, Context),
        })];

    private string LivePipe(Piping.Piped piped) =>
        AnswerKeysOnPage.Contains(piped.Key) ? SurveyText.LivePipe(piped) : Piping.Piped.Plain(piped);

    /// <summary>The answer keys of this page's questions (their own, their matrix rows', their "other" text).</summary>
    private HashSet<string> AnswerKeysOnPage => field ??= Page.Questions
        .SelectMany(q => (IEnumerable<string>)[q.Code, .. q.Rows.Select(r => q.RowKey(r.Code)), .. q.OtherOption is null ? [] : new[] { q.OtherKey }])
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// An error as the summary at the top of the page lists it: led by the question it belongs to
    /// ("Your role: choose an answer."), so a list of several errors says which is which. A matrix
    /// row's error already names its row and keeps its own text after the question.
    /// </summary>
    public string SummaryError(FieldError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var message = Text.Error(error);
        var questions = PipedQuestions(Piping.Piped.Plain); // computed (shown and piped) on each read
        var question = questions.FirstOrDefault(q => string.Equals(q.Code, error.Field, StringComparison.OrdinalIgnoreCase))
            ?? questions.FirstOrDefault(q => q.Rows.Any(r => string.Equals(q.RowKey(r.Code), error.Field, StringComparison.OrdinalIgnoreCase)));
        var label = question is null ? string.Empty : Domain.Exports.PlainText.FromMarkdown(question.Text).TrimEnd('?', ':', '.', ' ');
        if (label.Length == 0)
        {
            return message;
        }

        // "Choose an answer." reads as the continuation of "Your role: …" in languages that do not capitalise it.
        var continued = error.Prefix is null && message.Length > 1 && Text.Language == "en" && char.IsUpper(message[0]) && !char.IsUpper(message[1])
            ? char.ToLowerInvariant(message[0]) + message[1..]
            : message;
        return $"{label}: {continued}";
    }

    private Piping.Words Words => field ??= new(Text["Yes"], Text["No"], Text["NotApplicable"]); // read for every question's text and help

    /// <summary>The condition a question is re-checked against in the browser, when it reads a question on the same page.</summary>
    public string? LiveCondition(QuestionDefinition question) =>
        ResponseFlow.ReadsSamePage(question, Page.Questions) ? ConditionJson.Write(question.Condition) : null;

    /// <summary>
    /// The stored answers that live conditions read from earlier pages, as JSON for respond.js, and
    /// the participant attributes they read, under <c>participant.NAME</c> (absent without a participant).
    /// </summary>
    public string LiveAnswers
    {
        get
        {
            var codes = Page.Questions.Where(q => ResponseFlow.ReadsSamePage(q, Page.Questions))
                .SelectMany(q => Domain.Logic.ConditionParser.Parse(q.Condition).Condition?.References() ?? [])
                .Select(r => r.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var posted = ResponseFlow.AsPosted(Definition, Stored);
            var live = posted.Where(p => codes.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value);
            foreach (var code in codes)
            {
                if (Domain.Logic.ParticipantReference.TryName(code, out var name) && Domain.Logic.ParticipantReference.Value(Context, name) is { } value)
                {
                    live[code] = [value];
                }
            }

            return System.Text.Json.JsonSerializer.Serialize(live);
        }
    }
}
