using System.Text.Json;
using System.Text.Json.Serialization;

namespace SurveyPlatform.Domain.Questionnaires;

/// <summary>
/// What a respondent is asked: the questionnaire as it is frozen into a published version.
/// Stored as JSON so a version never changes after publishing.
/// </summary>
public sealed record SurveyDefinition
{
    /// <summary>The pages in order; each holds its questions.</summary>
    public IReadOnlyList<PageDefinition> Pages { get; init; } = [];

    /// <summary>
    /// Every question in order, across pages. Setting it (tests, simple callers) puts all the
    /// questions on one page.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<QuestionDefinition> Questions
    {
        get => [.. Pages.SelectMany(p => p.Questions)];
        init => Pages = [new PageDefinition { Questions = value }];
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
    };

    /// <summary>The question with this code (any case), or null. Indexed loops: it runs for every stored answer on every respondent request, and allocates nothing.</summary>
    public QuestionDefinition? Find(string code)
    {
        for (var p = 0; p < Pages.Count; p++)
        {
            var questions = Pages[p].Questions;
            for (var q = 0; q < questions.Count; q++)
            {
                if (string.Equals(questions[q].Code, code, StringComparison.OrdinalIgnoreCase))
                {
                    return questions[q];
                }
            }
        }

        return null;
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static SurveyDefinition FromJson(string json) =>
        (JsonSerializer.Deserialize<SurveyDefinition>(WithPages(json), JsonOptions)
         ?? throw new FormatException("The survey definition is empty.")).WithoutNulls();

    /// <summary>
    /// The first release stored a flat <c>questions</c> list, before there were pages; published versions
    /// and drafts of that time are still in upgraded databases. Such a definition reads as one untitled
    /// page holding those questions.
    /// </summary>
    private static string WithPages(string json)
    {
        if (json.Contains("\"pages\"", StringComparison.OrdinalIgnoreCase) || !json.Contains("\"questions\"", StringComparison.OrdinalIgnoreCase))
        {
            return json;
        }

        if (System.Text.Json.Nodes.JsonNode.Parse(json) is not System.Text.Json.Nodes.JsonObject root
            || root.FirstOrDefault(p => string.Equals(p.Key, "questions", StringComparison.OrdinalIgnoreCase)) is not { Key: { } key, Value: System.Text.Json.Nodes.JsonArray questions })
        {
            return json;
        }

        root.Remove(key);
        root["pages"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["title"] = string.Empty, ["questions"] = questions });
        return root.ToJsonString();
    }

    /// <summary>A file may say <c>null</c> where a list or title belongs: read it as empty, so checks never meet a null.</summary>
    private SurveyDefinition WithoutNulls() => this with
    {
        Pages = [.. (Pages ?? []).Where(p => p is not null).Select(p => p with
        {
            Title = p.Title ?? string.Empty,
            Questions = [.. (p.Questions ?? []).Where(q => q is not null).Select(q => q with
            {
                Text = q.Text ?? string.Empty,
                Options = [.. (q.Options ?? []).Where(o => o is not null)],
                Rows = [.. (q.Rows ?? []).Where(o => o is not null)],
            })],
        })],
    };

    /// <summary>Adds a question at the end of the last page (making a first page if there is none).</summary>
    public SurveyDefinition WithQuestion(QuestionDefinition question)
    {
        if (Pages.Count == 0)
        {
            return this with { Pages = [new PageDefinition { Questions = [question] }] };
        }

        var last = Pages[^1];
        return this with { Pages = [.. Pages.Take(Pages.Count - 1), last with { Questions = [.. last.Questions, question] }] };
    }

    /// <summary>Adds a question at the end of page <paramref name="pageIndex"/> (0-based; out of range means the last page).</summary>
    public SurveyDefinition WithQuestion(QuestionDefinition question, int pageIndex)
    {
        if (Pages.Count == 0 || pageIndex < 0 || pageIndex >= Pages.Count)
        {
            return WithQuestion(question);
        }

        var pages = Pages.ToList();
        pages[pageIndex] = pages[pageIndex] with { Questions = [.. pages[pageIndex].Questions, question] };
        return this with { Pages = pages };
    }

    public SurveyDefinition WithPage(PageDefinition page) => this with { Pages = [.. Pages, page] };

    /// <summary>Removes an empty page; a page with questions stays.</summary>
    public SurveyDefinition WithoutEmptyPage(int pageIndex) =>
        pageIndex >= 0 && pageIndex < Pages.Count && Pages[pageIndex].Questions.Count == 0
            ? this with { Pages = [.. Pages.Where((_, i) => i != pageIndex)] }
            : this;

    /// <summary>Copies a question right after itself under a new code.</summary>
    public SurveyDefinition CopyQuestion(string code, string newCode)
    {
        var pages = Pages.ToList();
        for (var p = 0; p < pages.Count; p++)
        {
            var list = pages[p].Questions.ToList();
            var index = list.FindIndex(q => Same(q.Code, code));
            if (index >= 0)
            {
                list.Insert(index + 1, list[index] with { Code = newCode });
                pages[p] = pages[p] with { Questions = list };
                return this with { Pages = pages };
            }
        }

        return this;
    }

    /// <summary>The codes of the questions before <paramref name="code"/> (or all codes when it is null or unknown).</summary>
    public IReadOnlyList<string> CodesBefore(string? code) =>
        [.. Questions.TakeWhile(q => code is null || !Same(q.Code, code)).Select(q => q.Code)];

    /// <summary>Puts <paramref name="question"/> where the question <paramref name="code"/> is.</summary>
    public SurveyDefinition ReplaceQuestion(string code, QuestionDefinition question) =>
        this with { Pages = [.. Pages.Select(p => p with { Questions = [.. p.Questions.Select(q => Same(q.Code, code) ? question : q)] })] };

    public SurveyDefinition WithoutQuestion(string code) =>
        this with { Pages = [.. Pages.Select(p => p with { Questions = [.. p.Questions.Where(q => !Same(q.Code, code))] })] };

    /// <summary>
    /// Moves a question one place up or down. At the top of a page it moves to the end of the
    /// previous page, and at the bottom to the start of the next one, so questions move between pages.
    /// </summary>
    public SurveyDefinition MoveQuestion(string code, int offset)
    {
        var pages = Pages.ToList();
        for (var p = 0; p < pages.Count; p++)
        {
            var list = pages[p].Questions.ToList();
            var index = list.FindIndex(q => Same(q.Code, code));
            if (index < 0)
            {
                continue;
            }

            var target = index + offset;
            if (target < 0 || target >= list.Count)
            {
                var other = target < 0 ? p - 1 : p + 1;
                if (other < 0 || other >= pages.Count)
                {
                    return this;
                }

                var moving = list[index];
                list.RemoveAt(index);
                pages[p] = pages[p] with { Questions = list };
                pages[other] = pages[other] with { Questions = target < 0 ? [.. pages[other].Questions, moving] : [moving, .. pages[other].Questions] };
                return this with { Pages = pages };
            }

            (list[index], list[target]) = (list[target], list[index]);
            pages[p] = pages[p] with { Questions = list };
            return this with { Pages = pages };
        }

        return this;
    }

    /// <summary>
    /// Moves a question to <paramref name="position"/> (0-based, clamped) on page <paramref name="pageIndex"/>,
    /// the position counted among the questions that stay there (as drag and drop drops it). Unknown codes or
    /// pages change nothing.
    /// </summary>
    public SurveyDefinition MoveQuestionTo(string code, int pageIndex, int position)
    {
        if (Find(code) is not { } moving || pageIndex < 0 || pageIndex >= Pages.Count)
        {
            return this;
        }

        var pages = Pages.Select(p => p with { Questions = [.. p.Questions.Where(q => !Same(q.Code, code))] }).ToList();
        var list = pages[pageIndex].Questions.ToList();
        list.Insert(Math.Clamp(position, 0, list.Count), moving);
        pages[pageIndex] = pages[pageIndex] with { Questions = list };
        return this with { Pages = pages };
    }

    /// <summary>Swaps a page with the one before (offset -1) or after (+1); at either end nothing changes.</summary>
    public SurveyDefinition MovePage(int pageIndex, int offset)
    {
        var target = pageIndex + offset;
        if (pageIndex < 0 || pageIndex >= Pages.Count || target < 0 || target >= Pages.Count)
        {
            return this;
        }

        var pages = Pages.ToList();
        (pages[pageIndex], pages[target]) = (pages[target], pages[pageIndex]);
        return this with { Pages = pages };
    }

    /// <summary>
    /// Moves page <paramref name="pageIndex"/> so that it becomes page <paramref name="target"/> (0-based, clamped), the
    /// pages between shifting by one (as drag and drop drops it). An unknown page changes nothing.
    /// </summary>
    public SurveyDefinition MovePageTo(int pageIndex, int target)
    {
        if (pageIndex < 0 || pageIndex >= Pages.Count)
        {
            return this;
        }

        var pages = Pages.ToList();
        var moving = pages[pageIndex];
        pages.RemoveAt(pageIndex);
        pages.Insert(Math.Clamp(target, 0, pages.Count), moving);
        return this with { Pages = pages };
    }

    /// <summary>The page (0-based) that holds the question, or -1.</summary>
    public int PageOf(string code)
    {
        for (var p = 0; p < Pages.Count; p++)
        {
            if (Pages[p].Questions.Any(q => Same(q.Code, code)))
            {
                return p;
            }
        }

        return -1;
    }

    /// <summary>
    /// The pages as respondents go through them: a page holding a matrix with <see cref="QuestionDefinition.RowsPerPage"/>
    /// fewer than its rows becomes consecutive pages, each showing one chunk of the rows under the same question code
    /// (so the answer keys <c>{code}_{row}</c> do not change). The questions before the matrix come with its first chunk,
    /// those after it with its last; every chunk keeps the page's title and condition, and the introduction stays on the first.
    /// A definition without such a matrix is returned as it is.
    /// </summary>
    public SurveyDefinition RespondentPages()
    {
        if (!Pages.Any(p => p.Questions.Any(q => q.SplitsRows)))
        {
            return this;
        }

        var pages = new List<PageDefinition>();
        foreach (var page in Pages)
        {
            if (!page.Questions.Any(q => q.SplitsRows))
            {
                pages.Add(page);
                continue;
            }

            var current = new List<QuestionDefinition>();
            var first = true;
            void Flush()
            {
                pages.Add(page with { Intro = first ? page.Intro : null, Questions = [.. current] });
                current.Clear();
                first = false;
            }

            foreach (var question in page.Questions)
            {
                if (!question.SplitsRows)
                {
                    current.Add(question);
                    continue;
                }

                var chunks = question.Rows.Chunk(question.RowsPerPage!.Value).ToList();
                for (var c = 0; c < chunks.Count; c++)
                {
                    if (c > 0)
                    {
                        Flush();
                    }

                    current.Add(question with { Rows = chunks[c] });
                }
            }

            Flush();
        }

        return this with { Pages = pages };
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}

public sealed record PageDefinition
{
    public string Title { get; init; } = string.Empty;
    public string? Intro { get; init; }

    /// <summary>Show-if condition in the grammar of <see cref="Logic.ConditionParser"/>; null means always shown.</summary>
    public string? Condition { get; init; }

    public IReadOnlyList<QuestionDefinition> Questions { get; init; } = [];
}

public sealed record QuestionDefinition
{
    public required string Code { get; init; }

    /// <summary>Markdown subset; rendered with raw HTML disabled.</summary>
    public required string Text { get; init; }

    public string? Help { get; init; }
    public QuestionType Type { get; init; }
    public bool Required { get; init; }

    /// <summary>Choices, ranking items, or a matrix's columns.</summary>
    public IReadOnlyList<OptionDefinition> Options { get; init; } = [];

    /// <summary>A matrix's rows (e.g. the jobs to be done).</summary>
    public IReadOnlyList<OptionDefinition> Rows { get; init; } = [];

    public ChoiceDisplay Display { get; init; }

    /// <summary>
    /// Matrix: at most this many rows on one respondent page; a longer matrix continues on the next pages
    /// (<see cref="SurveyDefinition.RespondentPages"/>). Null shows every row on one page.
    /// </summary>
    public int? RowsPerPage { get; init; }

    /// <summary>Whether this matrix is shown across several respondent pages.</summary>
    [JsonIgnore]
    public bool SplitsRows => IsMatrix && RowsPerPage is > 0 and var size && Rows.Count > size;

    /// <summary>Multiple choice: how many may be chosen.</summary>
    public int? MinSelections { get; init; }
    public int? MaxSelections { get; init; }

    /// <summary>Multiple choice: the option code that excludes all others ("none of these").</summary>
    public string? ExclusiveOption { get; init; }

    /// <summary>
    /// Multiple choice: who the option shares are shares of. Default: every respondent who saw the
    /// question (as published surveys, SPSS and Qualtrics report); or only those who chose an option.
    /// </summary>
    public SharesBase SharesBase { get; init; }

    /// <summary>Choice: the option code that asks "please specify"; its text is stored as <c>{code}_other</c>.</summary>
    public string? OtherOption { get; init; }

    /// <summary>Rating and matrix rating: the number of points, from 1 (default 5).</summary>
    public int? Scale { get; init; }
    public string? LowLabel { get; init; }
    public string? HighLabel { get; init; }

    /// <summary>Rating, matrix rating, matrix single: offer "not applicable", stored as <see cref="NotApplicable"/>.</summary>
    public bool AllowNotApplicable { get; init; }

    /// <summary>Number: inclusive bounds, whole numbers only, and a unit shown beside the field.</summary>
    public decimal? Min { get; init; }
    public decimal? Max { get; init; }
    public bool WholeNumbers { get; init; }
    public string? Unit { get; init; }

    /// <summary>Short text: e-mail or regular-expression validation.</summary>
    public TextValidation Validation { get; init; }
    public string? Pattern { get; init; }

    /// <summary>Show-if condition; null means always shown.</summary>
    public string? Condition { get; init; }

    /// <summary>Shuffle the options, in a stable order per respondent.</summary>
    public bool Shuffle { get; init; }

    public const string NotApplicable = "na";
    public const int ScaleMin = 1;
    public const int DefaultScale = 5;

    /// <summary>Kept for the foundation's 1–5 rating.</summary>
    public const int RatingMin = ScaleMin;
    public const int RatingMax = DefaultScale;

    public int ScaleMax => Type == QuestionType.Nps ? 10 : Scale ?? DefaultScale;
    public int ScaleStart => Type == QuestionType.Nps ? 0 : ScaleMin;

    public bool HasOptions => Type is QuestionType.SingleChoice or QuestionType.MultipleChoice or QuestionType.Ranking or QuestionType.MatrixSingle;
    public bool IsMatrix => Type is QuestionType.MatrixSingle or QuestionType.MatrixRating;
    public bool IsAnswerable => Type != QuestionType.Descriptive;

    /// <summary>The stored answer key of one matrix row.</summary>
    public string RowKey(string rowCode) => $"{Code}_{rowCode}";

    public string OtherKey => $"{Code}_other";

    /// <summary>Every answer key this question can store, in export order.</summary>
    public IEnumerable<string> AnswerKeys()
    {
        if (!IsAnswerable)
        {
            yield break;
        }

        if (IsMatrix)
        {
            foreach (var row in Rows)
            {
                yield return RowKey(row.Code);
            }

            yield break;
        }

        yield return Code;
        if (OtherOption is not null)
        {
            yield return OtherKey;
        }
    }
}

/// <summary>The base of a multiple choice question's option shares.</summary>
public enum SharesBase
{
    /// <summary>Respondents who saw the question, whether or not they chose anything.</summary>
    Shown,

    /// <summary>Respondents who chose at least one option.</summary>
    Answered,
}

/// <summary>An option, ranking item, matrix column or matrix row: a stable code (the stored value), a label and an optional score.</summary>
public sealed record OptionDefinition(string Code, string Label, decimal Points = 0);
