namespace SurveyPlatform.Domain.Scoring.Statistics;

/// <summary>A two-sided interval at a confidence level (0.95 for a 95% interval).</summary>
public readonly record struct ConfidenceInterval(double Lower, double Upper, double Level)
{
    public const double DefaultLevel = 0.95;

    internal static void CheckLevel(double level)
    {
        if (!(level > 0 && level < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The confidence level must lie strictly between 0 and 1.");
        }
    }
}
