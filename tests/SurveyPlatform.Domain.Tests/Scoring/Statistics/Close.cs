namespace SurveyPlatform.Domain.Tests.Scoring.Statistics;

internal static class Close
{
    /// <summary>|actual − expected| within a relative tolerance (absolute near zero).</summary>
    public static void To(double expected, double actual, double relative = 1e-12)
    {
        var allowed = relative * Math.Max(1, Math.Abs(expected));
        Assert.True(
            Math.Abs(actual - expected) <= allowed,
            $"Expected {expected:R}, got {actual:R} (difference {actual - expected:R}, allowed {allowed:R}).");
    }
}
