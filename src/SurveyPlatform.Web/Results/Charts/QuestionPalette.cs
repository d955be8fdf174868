using System.Globalization;

namespace SurveyPlatform.Web.Results.Charts;

/// <summary>The colours of the question charts: a sequential blue ramp for scale points and heatmap cells, and the three NPS groups.</summary>
public static class QuestionPalette
{
    public const string Detractor = "#b3261e";
    public const string Passive = "#8a93a0";
    public const string Promoter = "#1a7f37";
    public const string Empty = "#f1f3f5";

    private static readonly (int R, int G, int B) Light = (0xdb, 0xe8, 0xf5);
    private static readonly (int R, int G, int B) Dark = (0x08, 0x30, 0x6b);

    /// <summary>The ramp's colour at t (0: lightest, 1: darkest).</summary>
    public static string Ramp(double t)
    {
        t = ChartFormat.Clamp(t, 0, 1);
        int Mix(int a, int b) => (int)Math.Round(a + ((b - a) * t));
        return string.Create(CultureInfo.InvariantCulture, $"#{Mix(Light.R, Dark.R):x2}{Mix(Light.G, Dark.G):x2}{Mix(Light.B, Dark.B):x2}");
    }

    /// <summary>Point i of a scale of n points, lightest for the lowest.</summary>
    public static string Point(int i, int n) => Ramp(n <= 1 ? 1 : (double)i / (n - 1));

    /// <summary>Text on a ramp colour: white on the darker half.</summary>
    public static string TextOn(double t) => t > 0.5 ? "#ffffff" : ChartFormat.Ink;
}
