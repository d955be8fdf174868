using System.Text.Json;
using SurveyPlatform.Domain.Logic;

namespace SurveyPlatform.Web.Respond;

/// <summary>
/// A parsed condition as a small JSON tree for respond.js, which re-checks same-page conditions as
/// the respondent answers. The server parses; the script only evaluates, so the two cannot disagree
/// on the grammar. The server still decides on every post.
/// </summary>
public static class ConditionJson
{
    public static string? Write(string? condition)
    {
        var (parsed, _) = ConditionParser.Parse(condition);
        return parsed is null ? null : JsonSerializer.Serialize(Tree(parsed));
    }

    private static Dictionary<string, object> Tree(Condition condition) => condition switch
    {
        AllOf all => new Dictionary<string, object> { ["and"] = new[] { Tree(all.Left), Tree(all.Right) } },
        EitherOf either => new Dictionary<string, object> { ["or"] = new[] { Tree(either.Left), Tree(either.Right) } },
        Negation not => new Dictionary<string, object> { ["not"] = Tree(not.Inner) },
        Comparison c => new Dictionary<string, object>
        {
            ["c"] = c.Code,
            ["o"] = c.Operator switch
            {
                ComparisonOperator.Equal => "eq",
                ComparisonOperator.NotEqual => "ne",
                ComparisonOperator.Greater => "gt",
                ComparisonOperator.GreaterOrEqual => "ge",
                ComparisonOperator.Less => "lt",
                ComparisonOperator.LessOrEqual => "le",
                ComparisonOperator.AnyOf => "any",
                ComparisonOperator.NoneOf => "none",
                ComparisonOperator.Answered => "ans",
                _ => "nans",
            },
            ["v"] = c.Operands,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(condition)),
    };
}
