using System.Globalization;
using SurveyPlatform.Domain.Logic;

namespace SurveyPlatform.Domain.Questionnaires;

/// <summary>
/// A question as the author types it in the builder: every field is text or a choice, whatever the type.
/// <see cref="ToDefinition"/> turns it into a <see cref="QuestionDefinition"/>, keeping only the fields its type
/// uses, and reports what cannot be read (options, rows, bounds) against the field it came from;
/// <see cref="Of"/> fills the form from a question for editing.
/// </summary>
public sealed class QuestionForm
{
    public QuestionType Type { get; set; }
    public string? Code { get; set; }
    public string? Text { get; set; }
    public bool Required { get; set; }

    /// <summary>One option a line, as <see cref="QuestionDraft.ParseOptions"/> reads them.</summary>
    public string? Options { get; set; }
    public string? Min { get; set; }
    public string? Max { get; set; }
    public string? Help { get; set; }

    /// <summary>A matrix's rows, one a line, read like the options.</summary>
    public string? Rows { get; set; }
    public int? Scale { get; set; }
    public int? RowsPerPage { get; set; }
    public string? LowLabel { get; set; }
    public string? HighLabel { get; set; }
    public bool AllowNotApplicable { get; set; }
    public int? MinSelections { get; set; }
    public int? MaxSelections { get; set; }
    public string? ExclusiveOption { get; set; }
    public SharesBase SharesBase { get; set; }
    public string? OtherOption { get; set; }
    public bool WholeNumbers { get; set; }
    public string? Unit { get; set; }
    public TextValidation Validation { get; set; }
    public string? Pattern { get; set; }

    /// <summary>A typed show-if expression; joined by "and" with the one the three builder fields below make.</summary>
    public string? Condition { get; set; }
    public string? ConditionCode { get; set; }
    public string? ConditionOperator { get; set; }
    public string? ConditionValue { get; set; }
    public bool Shuffle { get; set; }
    public bool Dropdown { get; set; }

    /// <summary>The form showing <paramref name="question"/>, so saving it unchanged gives the same question back.</summary>
    public static QuestionForm Of(QuestionDefinition question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return new()
        {
            Type = question.Type,
            Code = question.Code,
            Text = question.Text,
            Required = question.Required,
            Options = string.Join('\n', question.Options.Select(o => $"{o.Code} | {o.Label} | {o.Points.ToString(CultureInfo.InvariantCulture)}")),
            Rows = string.Join('\n', question.Rows.Select(r => $"{r.Code} | {r.Label}")),
            Min = question.Min?.ToString(CultureInfo.InvariantCulture),
            Max = question.Max?.ToString(CultureInfo.InvariantCulture),
            Help = question.Help,
            Scale = question.Scale,
            RowsPerPage = question.RowsPerPage,
            LowLabel = question.LowLabel,
            HighLabel = question.HighLabel,
            AllowNotApplicable = question.AllowNotApplicable,
            MinSelections = question.MinSelections,
            MaxSelections = question.MaxSelections,
            ExclusiveOption = question.ExclusiveOption,
            SharesBase = question.SharesBase,
            OtherOption = question.OtherOption,
            WholeNumbers = question.WholeNumbers,
            Unit = question.Unit,
            Validation = question.Validation,
            Pattern = question.Pattern,
            Condition = question.Condition,
            Shuffle = question.Shuffle,
            Dropdown = question.Display == ChoiceDisplay.Dropdown,
        };
    }

    /// <summary>
    /// The question the form describes, with the fields its type does not use left out, and the fields that could not
    /// be read (an unknown type, option or row lines, a bound that is not a number), each error named by its field.
    /// Whether the question fits its survey is <see cref="QuestionDraft.Check"/>'s to say.
    /// </summary>
    public (QuestionDefinition Question, IReadOnlyList<FieldError> Errors) ToDefinition()
    {
        var errors = new List<FieldError>();
        if (!Enum.IsDefined(Type))
        {
            errors.Add(new FieldError(nameof(Type), "Choose one of the listed question types."));
        }

        var (options, optionErrors) = QuestionDraft.ParseOptions(Options);
        errors.AddRange(optionErrors.Select(e => new FieldError(nameof(Options), e)));
        var (rows, rowErrors) = QuestionDraft.ParseOptions(Rows);
        errors.AddRange(rowErrors.Select(e => new FieldError(nameof(Rows), e.Replace("Option line", "Row line", StringComparison.Ordinal))));
        var min = Bound(Min, nameof(Min), errors);
        var max = Bound(Max, nameof(Max), errors);
        var question = new QuestionDefinition
        {
            Code = Code?.Trim() ?? string.Empty,
            Text = Text?.Trim() ?? string.Empty,
            Type = Type,
            Required = Required,
            Options = Type is QuestionType.SingleChoice or QuestionType.MultipleChoice or QuestionType.Ranking or QuestionType.MatrixSingle ? options : [],
            Rows = Type is QuestionType.MatrixSingle or QuestionType.MatrixRating ? rows : [],
            Min = Type == QuestionType.Number ? min : null,
            Max = Type == QuestionType.Number ? max : null,
            Help = Blank(Help),
            Scale = Type is QuestionType.Rating or QuestionType.MatrixRating ? Scale : null,
            RowsPerPage = Type is QuestionType.MatrixSingle or QuestionType.MatrixRating ? RowsPerPage : null,
            LowLabel = Blank(LowLabel),
            HighLabel = Blank(HighLabel),
            AllowNotApplicable = AllowNotApplicable && Type is QuestionType.Rating or QuestionType.MatrixRating or QuestionType.MatrixSingle,
            MinSelections = Type == QuestionType.MultipleChoice ? MinSelections : null,
            MaxSelections = Type == QuestionType.MultipleChoice ? MaxSelections : null,
            ExclusiveOption = Type == QuestionType.MultipleChoice ? Blank(ExclusiveOption) : null,
            SharesBase = Type == QuestionType.MultipleChoice && Enum.IsDefined(SharesBase) ? SharesBase : SharesBase.Shown,
            OtherOption = Type is QuestionType.SingleChoice or QuestionType.MultipleChoice ? Blank(OtherOption) : null,
            WholeNumbers = Type == QuestionType.Number && WholeNumbers,
            Unit = Type == QuestionType.Number ? Blank(Unit) : null,
            Validation = Type == QuestionType.ShortText ? Validation : TextValidation.None,
            Pattern = Type == QuestionType.ShortText && Validation == TextValidation.Regex ? Blank(Pattern) : null,
            Condition = ComposedCondition(),
            Shuffle = Shuffle && Type is QuestionType.SingleChoice or QuestionType.MultipleChoice,
            Display = Type == QuestionType.SingleChoice && Dropdown ? ChoiceDisplay.Dropdown : ChoiceDisplay.Auto,
        };
        return (question, errors);
    }

    /// <summary>The builder's three fields as an expression, joined with any typed condition by "and".</summary>
    private string? ComposedCondition()
    {
        var typed = string.IsNullOrWhiteSpace(Condition) ? null : Condition.Trim();
        if (string.IsNullOrWhiteSpace(ConditionCode) || string.IsNullOrWhiteSpace(ConditionOperator))
        {
            return typed is not null && ConditionParser.Parse(typed).Condition is { } only ? ConditionParser.Format(only) : typed;
        }

        var built = ConditionOperator.Contains("answered", StringComparison.Ordinal)
            ? $"{ConditionCode} {ConditionOperator}"
            : $"{ConditionCode} {ConditionOperator} '{(ConditionValue ?? string.Empty).Replace("'", string.Empty, StringComparison.Ordinal)}'";
        var combined = typed is null ? built : $"({typed}) and {built}";
        var (parsed, _) = ConditionParser.Parse(combined);
        return parsed is null ? combined : ConditionParser.Format(parsed);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static decimal? Bound(string? text, string field, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add(new FieldError(field, "Enter a number, like 0 or 12.5."));
        return null;
    }
}
