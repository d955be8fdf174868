using System.Globalization;
using System.Resources;
using Microsoft.Net.Http.Headers;
using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Web.Respond;

/// <summary>
/// The respondent UI's own strings (buttons, messages, progress, validation) in one language,
/// from RespondText.resx (English) and RespondText.de.resx (German). The culture is explicit rather
/// than the thread's, so a page renders in the survey's language whatever the server's culture.
/// </summary>
public sealed class RespondText(CultureInfo culture)
{
    private static readonly ResourceManager Resources = new("SurveyPlatform.Web.Respond.RespondText", typeof(RespondText).Assembly);

    public static readonly RespondText English = new(CultureInfo.GetCultureInfo("en"));

    public CultureInfo Culture { get; } = culture;

    /// <summary>The language code for <c>&lt;html lang&gt;</c>.</summary>
    public string Language => Culture.TwoLetterISOLanguageName;

    public string this[string key] => Resources.GetString(key, Culture) ?? key;

    public string Format(string key, params object[] args) => string.Format(Culture, this[key], args);

    /// <summary>A validation message in this language; a message without a known key keeps its English text.</summary>
    public string Error(FieldError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var template = error.Key is null ? null : Resources.GetString("Error_" + error.Key, Culture);
        var message = template is null ? error.Message : string.Format(Culture, template, [.. error.Args]);
        return error.Prefix is null ? message : $"{error.Prefix}: {message}";
    }

    /// <summary>The survey's language when it sets one, else the browser's first supported language, else English.</summary>
    public static RespondText For(string? surveyLanguage, HttpRequest? request)
    {
        if (surveyLanguage is not null && Supported(surveyLanguage) is { } fixedLanguage)
        {
            return new RespondText(CultureInfo.GetCultureInfo(fixedLanguage));
        }

        if (request is not null && StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptLanguage, out var accepted))
        {
            foreach (var value in accepted.OrderByDescending(a => a.Quality ?? 1))
            {
                if (value.Quality is not 0 && value.Value.Value is { } tag && Supported(tag) is { } language)
                {
                    return new RespondText(CultureInfo.GetCultureInfo(language));
                }
            }
        }

        return English;
    }

    private static string? Supported(string tag)
    {
        var primary = tag.Split('-', 2)[0].Trim().ToLowerInvariant();
        return Domain.Surveys.Survey.Languages.Contains(primary) ? primary : null;
    }
}
