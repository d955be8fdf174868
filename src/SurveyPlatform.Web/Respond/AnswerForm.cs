using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Web.Respond;

/// <summary>
/// The state of a respondent form between posts: what was typed (keyed by answer key) and the
/// errors. Shared by the respondent pages and the owner's preview so both behave the same.
/// </summary>
public sealed class AnswerForm
{
    public const string Prefix = "a.";

    public Dictionary<string, IReadOnlyList<string>> Values { get; private init; } = new(StringComparer.OrdinalIgnoreCase);
    public IReadOnlyList<FieldError> Errors { get; set; } = [];

    public static AnswerForm FromPost(IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return new AnswerForm
        {
            Values = form
                .Where(f => f.Key.StartsWith(Prefix, StringComparison.Ordinal))
                .ToDictionary(f => f.Key[Prefix.Length..], f => (IReadOnlyList<string>)[.. f.Value.Select(v => v ?? string.Empty)], StringComparer.OrdinalIgnoreCase),
        };
    }

    public IReadOnlyList<string> ValuesFor(string key) => Values.TryGetValue(key, out var v) ? v : [];

    public string? ErrorFor(string code, RespondText? text = null) =>
        Errors.FirstOrDefault(e => string.Equals(e.Field, code, StringComparison.OrdinalIgnoreCase)) is { } error
            ? (text ?? RespondText.English).Error(error)
            : null;

    /// <summary>Errors of a matrix's rows (or its "other" text), by answer key.</summary>
    public IReadOnlyDictionary<string, string> RowErrorsFor(QuestionDefinition question, RespondText? text = null)
    {
        ArgumentNullException.ThrowIfNull(question);
        return Errors.Where(e => !string.Equals(e.Field, question.Code, StringComparison.OrdinalIgnoreCase)
                                 && question.AnswerKeys().Contains(e.Field, StringComparer.OrdinalIgnoreCase))
            .ToDictionary(e => e.Field, e => (text ?? RespondText.English).Error(e), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>A form showing stored answers.</summary>
    public static AnswerForm FromStored(SurveyDefinition definition, IReadOnlyDictionary<string, string> stored) =>
        new() { Values = new Dictionary<string, IReadOnlyList<string>>(Domain.Responding.ResponseFlow.AsPosted(definition, stored), StringComparer.OrdinalIgnoreCase) };

    /// <summary>A form showing posted values with their errors.</summary>
    public AnswerForm WithErrors(IReadOnlyList<FieldError> errors) => new() { Values = Values, Errors = errors };
}
