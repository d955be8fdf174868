using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace SurveyPlatform.Domain.Logic;

/// <summary>A parse or check failure, with the 1-based character position it refers to.</summary>
public sealed record ConditionError(int Position, string Message)
{
    public override string ToString() => $"At position {Position}: {Message}";
}

/// <summary>Parses the condition grammar documented on <see cref="Condition"/>; never throws on bad input.</summary>
public static class ConditionParser
{
    private enum Kind
    {
        Word,
        Number,
        Text,
        Operator,
        Open,
        Close,
        Comma,
        End,
    }

    private readonly record struct Token(Kind Kind, string Value, int Position);

    /// <summary>
    /// Each condition text's parse, kept as long as the text itself (a published definition's conditions are
    /// the same strings in every respondent's request, evaluated several times each; the result is immutable).
    /// </summary>
    private static readonly ConditionalWeakTable<string, ParseResult> Parsed = new();

    private sealed record ParseResult(Condition? Condition, ConditionError? Error);

    public static (Condition? Condition, ConditionError? Error) Parse(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return (null, new ConditionError(1, "The condition is empty."));
        }

        var (condition, error) = Parsed.GetValue(expression, static text => ParseNew(text));
        return (condition, error);
    }

    private static ParseResult ParseNew(string expression)
    {
        var (tokens, lexError) = Tokenise(expression);
        if (lexError is not null)
        {
            return new ParseResult(null, lexError);
        }

        var parser = new Parser(tokens);
        try
        {
            var condition = parser.Expression();
            if (parser.Current.Kind != Kind.End)
            {
                return new ParseResult(null, new ConditionError(parser.Current.Position, $"Expected \"and\", \"or\" or the end, found \"{parser.Current.Value}\"."));
            }

            return new ParseResult(condition, null);
        }
        catch (FormatException ex)
        {
            return new ParseResult(null, new ConditionError(parser.Current.Position, ex.Message));
        }
    }

    /// <summary>
    /// Parses and checks that every code names a question that comes before the one the condition
    /// belongs to. <paramref name="earlierCodes"/> are those questions' codes. A
    /// <c>participant.NAME</c> reference is always accepted.
    /// </summary>
    public static (Condition? Condition, IReadOnlyList<ConditionError> Errors) ParseAndCheck(string? expression, IReadOnlyCollection<string> earlierCodes, IReadOnlyCollection<string> laterCodes)
    {
        ArgumentNullException.ThrowIfNull(earlierCodes);
        ArgumentNullException.ThrowIfNull(laterCodes);
        var (condition, error) = Parse(expression);
        if (error is not null)
        {
            return (null, [error]);
        }

        var errors = new List<ConditionError>();
        foreach (var reference in condition!.References())
        {
            // Any participant attribute may be named: the owner's list may not be known while authoring.
            if (ParticipantReference.TryName(reference.Code, out _) || earlierCodes.Contains(reference.Code, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            errors.Add(new ConditionError(reference.Position, laterCodes.Contains(reference.Code, StringComparer.OrdinalIgnoreCase)
                ? $"\"{reference.Code}\" is asked later; a condition may only use earlier questions."
                : $"There is no question with the code \"{reference.Code}\"."));
        }

        return (errors.Count == 0 ? condition : null, errors);
    }

    private static (List<Token> Tokens, ConditionError? Error) Tokenise(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var position = i + 1;
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '(' || c == ')' || c == ',')
            {
                tokens.Add(new Token(c == '(' ? Kind.Open : c == ')' ? Kind.Close : Kind.Comma, c.ToString(), position));
                i++;
            }
            else if (c is '\'' or '"')
            {
                var end = text.IndexOf(c, i + 1);
                if (end < 0)
                {
                    return (tokens, new ConditionError(position, "This quoted text is not closed."));
                }

                tokens.Add(new Token(Kind.Text, text[(i + 1)..end], position));
                i = end + 1;
            }
            else if (c is '=' or '!' or '<' or '>' or '≠' or '≥' or '≤')
            {
                var two = i + 1 < text.Length ? text.Substring(i, 2) : c.ToString();
                var op = two is "!=" or ">=" or "<=" or "<>" or "==" ? two : c.ToString();
                if (op == "!")
                {
                    return (tokens, new ConditionError(position, "\"!\" must be followed by \"=\"."));
                }

                tokens.Add(new Token(Kind.Operator, op, position));
                i += op.Length;
            }
            else if (char.IsAsciiDigit(c) || (c is '-' or '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                var start = i;
                i++;
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
                {
                    i++;
                }

                var number = text[start..i];
                if (!decimal.TryParse(number, NumberStyles.Number, CultureInfo.InvariantCulture, out _))
                {
                    return (tokens, new ConditionError(position, $"\"{number}\" is not a number."));
                }

                tokens.Add(new Token(Kind.Number, number, position));
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                var word = text[start..i];
                if (i < text.Length && text[i] == '.' && string.Equals(word + ".", ParticipantReference.Prefix, StringComparison.OrdinalIgnoreCase))
                {
                    // participant.NAME: an attribute of the invited participant, read like a question code.
                    var nameStart = i + 1;
                    if (nameStart >= text.Length || !char.IsAsciiLetter(text[nameStart]))
                    {
                        return (tokens, new ConditionError(nameStart + 1, "Expected an attribute name after \"participant.\" (a letter, then letters, digits or _)."));
                    }

                    i = nameStart;
                    while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                    {
                        i++;
                    }

                    word = ParticipantReference.Prefix + text[nameStart..i];
                }

                tokens.Add(new Token(Kind.Word, word, position));
            }
            else
            {
                return (tokens, new ConditionError(position, $"Unexpected character \"{c}\"."));
            }
        }

        tokens.Add(new Token(Kind.End, "end", text.Length + 1));
        return (tokens, null);
    }

    private sealed class Parser(List<Token> tokens)
    {
        private int _index;

        public Token Current => tokens[_index];

        public Condition Expression()
        {
            var left = Term();
            while (IsKeyword("or"))
            {
                _index++;
                left = new EitherOf(left, Term());
            }

            return left;
        }

        private Condition Term()
        {
            var left = Factor();
            while (IsKeyword("and"))
            {
                _index++;
                left = new AllOf(left, Factor());
            }

            return left;
        }

        private Condition Factor()
        {
            if (IsKeyword("not"))
            {
                _index++;
                return new Negation(Factor());
            }

            if (Current.Kind == Kind.Open)
            {
                _index++;
                var inner = Expression();
                Expect(Kind.Close, "Expected \")\".");
                return inner;
            }

            return Test();
        }

        private Comparison Test()
        {
            if (Current.Kind != Kind.Word || IsKeyword("and") || IsKeyword("or"))
            {
                throw new FormatException(Current.Kind == Kind.End ? "The condition ends too early; expected a question code." : $"Expected a question code or participant.NAME, found \"{Current.Value}\".");
            }

            var code = Current;
            _index++;

            if (IsKeyword("is"))
            {
                _index++;
                var negated = IsKeyword("not");
                if (negated)
                {
                    _index++;
                }

                if (!IsKeyword("answered"))
                {
                    throw new FormatException("Expected \"answered\" after \"is\".");
                }

                _index++;
                return new Comparison(code.Value, code.Position, negated ? ComparisonOperator.NotAnswered : ComparisonOperator.Answered, []);
            }

            if (IsKeyword("in") || IsKeyword("not"))
            {
                var none = IsKeyword("not");
                _index++;
                if (none)
                {
                    if (!IsKeyword("in"))
                    {
                        throw new FormatException("Expected \"in\" after \"not\".");
                    }

                    _index++;
                }

                Expect(Kind.Open, "Expected \"(\" and a list of values.");
                var values = new List<string> { Value() };
                while (Current.Kind == Kind.Comma)
                {
                    _index++;
                    values.Add(Value());
                }

                Expect(Kind.Close, "Expected \",\" or \")\".");
                return new Comparison(code.Value, code.Position, none ? ComparisonOperator.NoneOf : ComparisonOperator.AnyOf, values);
            }

            if (Current.Kind != Kind.Operator)
            {
                throw new FormatException($"Expected an operator (=, !=, >, >=, <, <=, in, not in, is answered) after \"{code.Value}\".");
            }

            var op = Current.Value switch
            {
                "=" or "==" => ComparisonOperator.Equal,
                "!=" or "≠" or "<>" => ComparisonOperator.NotEqual,
                ">" => ComparisonOperator.Greater,
                ">=" or "≥" => ComparisonOperator.GreaterOrEqual,
                "<" => ComparisonOperator.Less,
                "<=" or "≤" => ComparisonOperator.LessOrEqual,
                _ => throw new FormatException($"Unknown operator \"{Current.Value}\"."),
            };
            _index++;
            var operand = Value();
            if (op is ComparisonOperator.Greater or ComparisonOperator.GreaterOrEqual or ComparisonOperator.Less or ComparisonOperator.LessOrEqual
                && !decimal.TryParse(operand, NumberStyles.Number, CultureInfo.InvariantCulture, out _))
            {
                _index--;
                throw new FormatException($"\"{operand}\" is not a number; >, >=, < and <= compare numbers.");
            }

            return new Comparison(code.Value, code.Position, op, [operand]);
        }

        private string Value()
        {
            if (Current.Kind == Kind.Word && ParticipantReference.TryName(Current.Value, out _))
            {
                throw new FormatException($"Expected a value, found \"{Current.Value}\"; compare a participant attribute with a value, or quote the text.");
            }

            if (Current.Kind is Kind.Number or Kind.Text or Kind.Word && !IsKeyword("and") && !IsKeyword("or"))
            {
                var value = Current.Value;
                _index++;
                return value;
            }

            throw new FormatException(Current.Kind == Kind.End ? "The condition ends too early; expected a value." : $"Expected a value, found \"{Current.Value}\".");
        }

        private void Expect(Kind kind, string message)
        {
            if (Current.Kind != kind)
            {
                throw new FormatException(message);
            }

            _index++;
        }

        private bool IsKeyword(string keyword) =>
            Current.Kind == Kind.Word && string.Equals(Current.Value, keyword, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Writes a condition back in canonical form (used by exports and the builder).</summary>
    public static string Format(Condition condition) => condition switch
    {
        EitherOf o => $"{Group(o.Left, o)} or {Group(o.Right, o)}",
        AllOf a => $"{Group(a.Left, a)} and {Group(a.Right, a)}",
        Negation n => $"not {Group(n.Inner, n)}",
        Comparison c => c.Operator switch
        {
            ComparisonOperator.Answered => $"{c.Code} is answered",
            ComparisonOperator.NotAnswered => $"{c.Code} is not answered",
            ComparisonOperator.AnyOf => $"{c.Code} in ({string.Join(", ", c.Operands.Select(Quote))})",
            ComparisonOperator.NoneOf => $"{c.Code} not in ({string.Join(", ", c.Operands.Select(Quote))})",
            _ => $"{c.Code} {Symbol(c.Operator)} {Quote(c.Operands[0])}",
        },
        _ => throw new ArgumentOutOfRangeException(nameof(condition)),
    };

    private static string Group(Condition inner, Condition outer) =>
        Precedence(inner) < Precedence(outer) || (outer is Negation && inner is not (Comparison or Negation)) ? $"({Format(inner)})" : Format(inner);

    private static int Precedence(Condition c) => c switch { EitherOf => 1, AllOf => 2, _ => 3 };

    private static string Symbol(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "=",
        ComparisonOperator.NotEqual => "!=",
        ComparisonOperator.Greater => ">",
        ComparisonOperator.GreaterOrEqual => ">=",
        ComparisonOperator.Less => "<",
        _ => "<=",
    };

    private static string Quote(string value)
    {
        if (decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _) && !value.Contains(',', StringComparison.Ordinal))
        {
            return value;
        }

        var bare = value.Length > 0 && (char.IsAsciiLetter(value[0]) || value[0] == '_') && value.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_')
            && !new[] { "and", "or", "not", "in", "is", "answered" }.Contains(value, StringComparer.OrdinalIgnoreCase);
        if (bare)
        {
            return value;
        }

        var quote = value.Contains('\'', StringComparison.Ordinal) ? '"' : '\'';
        return new StringBuilder().Append(quote).Append(value).Append(quote).ToString();
    }
}
