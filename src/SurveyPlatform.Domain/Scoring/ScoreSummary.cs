namespace SurveyPlatform.Domain.Scoring;

/// <summary>n, mean and sample standard deviation (n − 1 denominator) of a set of scores.</summary>
public sealed record ScoreSummary(int N, double? Mean, double? StandardDeviation)
{
    public static ScoreSummary Of(IEnumerable<double> scores)
    {
        // Welford's online algorithm: one pass, numerically stable, constant memory.
        var n = 0;
        var mean = 0d;
        var m2 = 0d;
        foreach (var x in scores)
        {
            n++;
            var delta = x - mean;
            mean += delta / n;
            m2 += delta * (x - mean);
        }

        return n switch
        {
            0 => new ScoreSummary(0, null, null),
            1 => new ScoreSummary(1, mean, null),
            _ => new ScoreSummary(n, mean, Math.Sqrt(m2 / (n - 1))),
        };
    }
}
