using Microsoft.Extensions.Logging;
using SurveyPlatform.Web.Scoring;

namespace SurveyPlatform.Benchmarks;

/// <summary>
/// Reads the engine and store times that <see cref="SurveyScoring"/> logs with each finished run
/// ("Scored survey …: engine {EngineSeconds} s, store {StoreSeconds} s"), so the job's own split is
/// reported without reaching into its private methods.
/// </summary>
internal sealed class JobTimings : ILoggerProvider
{
    public static readonly string Category = typeof(SurveyScoring).FullName!;

    public static double? EngineSeconds { get; private set; }

    public static double? StoreSeconds { get; private set; }

    public ILogger CreateLogger(string categoryName) => new Logger();

    public void Dispose()
    {
    }

    private sealed class Logger : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (state is not IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                return;
            }

            foreach (var (key, value) in values)
            {
                if (key == "EngineSeconds" && value is double engine)
                {
                    EngineSeconds = engine;
                }
                else if (key == "StoreSeconds" && value is double store)
                {
                    StoreSeconds = store;
                }
            }
        }
    }
}
