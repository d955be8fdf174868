using MathNet.Numerics.Distributions;
using SurveyPlatform.Domain.Scoring.Statistics;

namespace SurveyPlatform.Domain.Scoring.Descriptives;

/// <summary>
/// The Net Promoter Score of answers on the 0–10 scale: promoters answer 9 or 10, passives 7 or 8,
/// detractors 0 to 6; NPS = 100 · (promoters − detractors) / n, between −100 and 100.
/// </summary>
/// <param name="Interval">
/// The adjusted Wald interval Rocks (2016, "Interval estimation for the Net Promoter Score", The American
/// Statistician 70(4)) found best: add 3/4 to the promoters and to the detractors and 3 to n, then
/// NPS' ± z · √((p'₊ + p'₋ − (p'₊ − p'₋)²) / n') — the variance of the trinomial's net score — scaled by
/// 100 and kept within ±100. Null for n = 0.
/// </param>
public sealed record NetPromoterScore(int N, int Promoters, int Passives, int Detractors, double? Score, ConfidenceInterval? Interval)
{
    public const int PromoterFrom = 9;
    public const int PassiveFrom = 7;

    public static NetPromoterScore Of(int promoters, int passives, int detractors, double level = ConfidenceInterval.DefaultLevel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(promoters);
        ArgumentOutOfRangeException.ThrowIfNegative(passives);
        ArgumentOutOfRangeException.ThrowIfNegative(detractors);
        ConfidenceInterval.CheckLevel(level);
        var n = promoters + passives + detractors;
        if (n == 0)
        {
            return new NetPromoterScore(0, 0, 0, 0, null, null);
        }

        var score = 100.0 * (promoters - detractors) / n;
        var adjustedN = n + 3.0;
        var pro = (promoters + 0.75) / adjustedN;
        var det = (detractors + 0.75) / adjustedN;
        var net = pro - det;
        var se = Math.Sqrt((pro + det - (net * net)) / adjustedN);
        var z = Normal.InvCDF(0, 1, 1 - ((1 - level) / 2));
        var interval = new ConfidenceInterval(100 * Math.Max(-1, net - (z * se)), 100 * Math.Min(1, net + (z * se)), level);
        return new NetPromoterScore(n, promoters, passives, detractors, score, interval);
    }

    /// <summary>Counts answers 0–10 into the three groups; other values are an error.</summary>
    public static NetPromoterScore Of(IEnumerable<int> answers, double level = ConfidenceInterval.DefaultLevel)
    {
        ArgumentNullException.ThrowIfNull(answers);
        int promoters = 0, passives = 0, detractors = 0;
        foreach (var answer in answers)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(answer);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(answer, 10);
            if (answer >= PromoterFrom)
            {
                promoters++;
            }
            else if (answer >= PassiveFrom)
            {
                passives++;
            }
            else
            {
                detractors++;
            }
        }

        return Of(promoters, passives, detractors, level);
    }
}
