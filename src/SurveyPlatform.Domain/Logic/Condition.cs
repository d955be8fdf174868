using System.Globalization;

namespace SurveyPlatform.Domain.Logic;

/// <summary>
/// A parsed show-if condition. The grammar (docs/logic.md):
/// <code>
/// expr       := term ("or" term)*
/// term       := factor ("and" factor)*
/// factor     := "not" factor | "(" expr ")" | test
/// test       := ref op value
///             | ref ["not"] "in" "(" value ("," value)* ")"
///             | ref "is" ["not"] "answered"
/// ref        := CODE | "participant." NAME
/// op         := "=" | "!=" | "≠" | "&gt;" | "&gt;=" | "≥" | "&lt;" | "&lt;=" | "≤"
/// value      := number | 'text' | "text" | bare-word
/// </code>
/// Keywords are case-insensitive. A multiple-choice answer "=" a value when that value is among its
/// choices. On an unanswered question every test is false except "!=", "not in" and "is not answered".
/// </summary>
public abstract record Condition
{
    public abstract bool Evaluate(IAnswerLookup answers);

    /// <summary>Every question code (or <c>participant.NAME</c>) the condition reads.</summary>
    public abstract IEnumerable<CodeReference> References();
}

/// <summary>What a condition reads answers from: stored values, several for a multiple choice.</summary>
public interface IAnswerLookup
{
    IReadOnlyList<string> Values(string code);
}

public sealed record CodeReference(string Code, int Position);

public enum ComparisonOperator
{
    Equal,
    NotEqual,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
    AnyOf,
    NoneOf,
    Answered,
    NotAnswered,
}

public sealed record Comparison(string Code, int Position, ComparisonOperator Operator, IReadOnlyList<string> Operands) : Condition
{
    public override bool Evaluate(IAnswerLookup answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var values = answers.Values(Code);
        var answered = values.Count > 0;
        return Operator switch
        {
            ComparisonOperator.Answered => answered,
            ComparisonOperator.NotAnswered => !answered,
            ComparisonOperator.Equal => values.Any(v => Same(v, Operands[0])),
            ComparisonOperator.NotEqual => !values.Any(v => Same(v, Operands[0])),
            ComparisonOperator.AnyOf => values.Any(v => Operands.Any(o => Same(v, o))),
            ComparisonOperator.NoneOf => !values.Any(v => Operands.Any(o => Same(v, o))),
            _ => answered && values.Count == 1 && Number(values[0]) is { } left && Number(Operands[0]) is { } right && Operator switch
            {
                ComparisonOperator.Greater => left > right,
                ComparisonOperator.GreaterOrEqual => left >= right,
                ComparisonOperator.Less => left < right,
                ComparisonOperator.LessOrEqual => left <= right,
                _ => false,
            },
        };
    }

    public override IEnumerable<CodeReference> References() => [new CodeReference(Code, Position)];

    private static bool Same(string answer, string operand) =>
        Number(answer) is { } a && Number(operand) is { } b ? a == b : string.Equals(answer, operand, StringComparison.OrdinalIgnoreCase);

    private static decimal? Number(string text) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : null;
}

public sealed record AllOf(Condition Left, Condition Right) : Condition
{
    public override bool Evaluate(IAnswerLookup answers) => Left.Evaluate(answers) && Right.Evaluate(answers);

    public override IEnumerable<CodeReference> References() => Left.References().Concat(Right.References());
}

public sealed record EitherOf(Condition Left, Condition Right) : Condition
{
    public override bool Evaluate(IAnswerLookup answers) => Left.Evaluate(answers) || Right.Evaluate(answers);

    public override IEnumerable<CodeReference> References() => Left.References().Concat(Right.References());
}

public sealed record Negation(Condition Inner) : Condition
{
    public override bool Evaluate(IAnswerLookup answers) => !Inner.Evaluate(answers);

    public override IEnumerable<CodeReference> References() => Inner.References();
}
