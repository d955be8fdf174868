using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace SurveyPlatform.Web.Observability;

/// <summary>
/// One JSON object per log line (<c>Logging:Format</c> = <c>json</c>): time, level, category, event,
/// message, exception, the message's own values, and from the request's scope only the request id,
/// trace and span ids, the path and the survey. Link tokens and resume secrets in paths, and the local
/// part of e-mail addresses, are replaced wherever they appear, so no line carries a credential or an
/// address.
/// </summary>
internal sealed partial class JsonLogFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "surveyplatform-json";

    private static readonly HashSet<string> ScopeKeys = new(StringComparer.Ordinal)
    {
        "RequestId", "TraceId", "SpanId", "RequestPath", SurveyLogScope.SurveyId, SurveyLogScope.SurveyCode,
    };

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("level", logEntry.LogLevel.ToString());
            json.WriteString("category", logEntry.Category);
            if (logEntry.EventId.Id != 0 || logEntry.EventId.Name is not null)
            {
                json.WriteNumber("eventId", logEntry.EventId.Id);
                if (logEntry.EventId.Name is { } eventName)
                {
                    json.WriteString("event", eventName);
                }
            }

            json.WriteString("message", Redact(message ?? string.Empty));
            if (logEntry.Exception is { } exception)
            {
                json.WriteString("exception", Redact(exception.ToString()));
            }

            if (logEntry.State is IEnumerable<KeyValuePair<string, object?>> values)
            {
                json.WriteStartObject("state");
                foreach (var (key, value) in values)
                {
                    if (key != "{OriginalFormat}")
                    {
                        json.WriteString(key, Redact(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty));
                    }
                }

                json.WriteEndObject();
            }

            var scope = new Dictionary<string, string>(StringComparer.Ordinal);
            scopeProvider?.ForEachScope(
                (item, found) =>
                {
                    if (item is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        foreach (var (key, value) in pairs)
                        {
                            if (ScopeKeys.Contains(key) && value is not null)
                            {
                                found[key] = Redact(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
                            }
                        }
                    }
                },
                scope);
            foreach (var (key, value) in scope)
            {
                json.WriteString(char.ToLowerInvariant(key[0]) + key[1..], value);
            }

            json.WriteEndObject();
        }

        textWriter.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        textWriter.Write(Environment.NewLine);
    }

    /// <summary>Replaces link tokens, resume secrets and the local part of e-mail addresses.</summary>
    public static string Redact(string text) =>
        Email().Replace(QueryToken().Replace(PathToken().Replace(text, "$1***"), "$1***"), "***@$1");

    // /i/{token} (invitation), /o/{token} (opt-out), /r/{token} (report) and /s/{code}/r/{secret} (resume).
    [GeneratedRegex(@"(/(?:i|o|r)/)[^/?#\s""'&<>]+")]
    private static partial Regex PathToken();

    [GeneratedRegex(@"([?&](?:token|secret|code)=)[^&#\s""'<>]+", RegexOptions.IgnoreCase)]
    private static partial Regex QueryToken();

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@([A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,})")]
    private static partial Regex Email();
}
