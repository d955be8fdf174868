using System.Text.Json;
using System.Text.Json.Serialization;

namespace SurveyPlatform.Domain.Questionnaires;

/// <summary>
/// What a respondent is asked: the questionnaire as it is frozen into a published version.
/// Stored as JSON so a version never changes after publishing.
/// </summary>
public sealed record SurveyDefinition
{
    public IReadOnlyList<QuestionDefinition> Questions { get; init; } = [];

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public QuestionDefinition? Find(string code) =>
        Questions.FirstOrDefault(q => string.Equals(q.Code, code, StringComparison.OrdinalIgnoreCase));

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static SurveyDefinition FromJson(string json) =>
        JsonSerializer.Deserialize<SurveyDefinition>(json, JsonOptions)
        ?? throw new FormatException("The survey definition is empty.");

    public SurveyDefinition WithQuestion(QuestionDefinition question) =>
        this with { Questions = [.. Questions, question] };

    public SurveyDefinition WithoutQuestion(string code) =>
        this with { Questions = [.. Questions.Where(q => !string.Equals(q.Code, code, StringComparison.OrdinalIgnoreCase))] };

    public SurveyDefinition MoveQuestion(string code, int offset)
    {
        var list = Questions.ToList();
        var index = list.FindIndex(q => string.Equals(q.Code, code, StringComparison.OrdinalIgnoreCase));
        var target = index + offset;
        if (index < 0 || target < 0 || target >= list.Count)
        {
            return this;
        }

        (list[index], list[target]) = (list[target], list[index]);
        return this with { Questions = list };
    }
}

public sealed record QuestionDefinition
{
    public required string Code { get; init; }
    public required string Text { get; init; }
    public QuestionType Type { get; init; }
    public bool Required { get; init; }
    public IReadOnlyList<OptionDefinition> Options { get; init; } = [];

    /// <summary>Inclusive bounds for <see cref="QuestionType.Number"/>.</summary>
    public decimal? Min { get; init; }
    public decimal? Max { get; init; }

    public const int RatingMin = 1;
    public const int RatingMax = 5;

    public bool HasOptions => Type is QuestionType.SingleChoice or QuestionType.MultipleChoice;
}

public sealed record OptionDefinition(string Code, string Label, decimal Points);
