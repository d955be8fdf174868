using System.Text;
using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Templates;

/// <summary>A ready-made questionnaire an owner can start from; creating from it gives an ordinary draft.</summary>
public sealed record SurveyTemplate(string Key, string Title, string Description, SurveyDefinition Definition)
{
    public static IReadOnlyList<SurveyTemplate> All { get; } =
    [
        HealthcareAiAdoption.Template with { Scoring = SurveyPlatform.Domain.Scoring.Model.FlagshipScoringModel.Create() },
        GenAiPractitioner.Template,
    ];

    /// <summary>The scoring model a survey created from the template starts with (null: the default model).</summary>
    public SurveyPlatform.Domain.Scoring.Model.ScoringModel? Scoring { get; init; }

    public static SurveyTemplate? Find(string key) =>
        All.FirstOrDefault(t => string.Equals(t.Key, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>Options from labels, with codes made from the labels ("Proof of concept" → proof_of_concept).</summary>
    internal static OptionDefinition[] Options(params string[] labels) => [.. labels.Select(l => new OptionDefinition(Slug(l), l))];

    internal static OptionDefinition[] Coded(params (string Code, string Label)[] options) => [.. options.Select(o => new OptionDefinition(o.Code, o.Label))];

    internal static string Slug(string label, int max = 32)
    {
        var sb = new StringBuilder();
        foreach (var c in label.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(c);
            }
            else if (sb.Length > 0 && sb[^1] != '_')
            {
                sb.Append('_');
            }
        }

        var slug = sb.ToString().Trim('_');
        return slug.Length <= max ? slug : slug[..max].TrimEnd('_');
    }
}
