using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Scoring.Model;

/// <summary>
/// The model a survey scores with until its owner saves one: every question whose answers carry
/// points becomes an item — single and multiple choice and matrix-single rows whose options have
/// different points, every rating, NPS and matrix-rating row — normalised to 0–100 and averaged with
/// equal weights in one dimension, "Score". A survey with no such question has no model (null): its
/// runs report response counts and option shares only.
/// </summary>
public static class DefaultScoringModel
{
    public const string DimensionName = "Score";

    public static ScoringModel? For(SurveyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var keys = new List<string>();
        foreach (var question in definition.Questions)
        {
            switch (question.Type)
            {
                case QuestionType.SingleChoice or QuestionType.MultipleChoice when HasPoints(question):
                    keys.Add(question.Code);
                    break;
                case QuestionType.MatrixSingle when HasPoints(question):
                case QuestionType.MatrixRating:
                    keys.AddRange(question.Rows.Select(r => question.RowKey(r.Code)));
                    break;
                case QuestionType.Rating or QuestionType.Nps:
                    keys.Add(question.Code);
                    break;
                default:
                    break;
            }
        }

        // A key that names two answers (a question code equal to another matrix's row key) cannot be an item.
        var unique = keys.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() == 1).Select(g => g.Key).ToList();
        if (unique.Count == 0)
        {
            return null;
        }

        var model = new ScoringModel
        {
            Name = "Default: every scored question, equal weights",
            Items = [.. unique.Select(k => new ScoringItem { Key = k })],
            Dimensions = [new ScoringDimension { Name = DimensionName, Items = [.. unique.Select(k => new DimensionItem { Item = k })] }],
        };

        // Drop whatever the validator cannot score (e.g. a key shared with another answer), so the default always compiles.
        var problems = ScoringModelValidator.Validate(model, definition);
        var bad = problems.Select(p => p.Path).Where(p => p.StartsWith("items[", StringComparison.Ordinal))
            .Select(p => int.Parse(p[6..p.IndexOf(']', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture))
            .Select(i => model.Items[i].Key)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (bad.Count == 0)
        {
            return model;
        }

        var kept = unique.Where(k => !bad.Contains(k)).ToList();
        return kept.Count == 0 ? null : model with
        {
            Items = [.. kept.Select(k => new ScoringItem { Key = k })],
            Dimensions = [new ScoringDimension { Name = DimensionName, Items = [.. kept.Select(k => new DimensionItem { Item = k })] }],
        };
    }

    private static bool HasPoints(QuestionDefinition question) => question.Options.Select(o => o.Points).Distinct().Count() > 1;
}
