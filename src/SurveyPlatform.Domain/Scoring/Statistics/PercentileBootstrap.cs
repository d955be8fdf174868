namespace SurveyPlatform.Domain.Scoring.Statistics;

/// <summary>A statistic of a sample, given the (resampled) values.</summary>
public delegate double SampleStatistic(ReadOnlySpan<double> sample);

/// <summary>
/// A statistic of a set of respondents, given their indices (0 … n − 1, with repeats in a resample).
/// The span is reused between resamples: read it during the call, never keep it.
/// </summary>
public delegate double RespondentStatistic(ReadOnlySpan<int> respondents);

/// <summary>
/// The statistic on the original data, and the percentile interval from the resamples on which it
/// was a number. Resamples that gave NaN (say, every respondent in the resample lacked the value)
/// are left out and counted; with none left, there is no interval.
/// </summary>
public sealed record BootstrapInterval(double Estimate, ConfidenceInterval? Interval, int Resamples, int ValidResamples);

/// <summary>
/// The percentile bootstrap (Efron): draw B resamples of the respondents with replacement,
/// compute the statistic on each, and take the (1 − level)/2 and (1 + level)/2 type 7 quantiles
/// (<see cref="Quantiles"/>) of the B values. Draws come from <see cref="Xoshiro256StarStar"/>
/// seeded with the given seed, in a fixed order, so the same data, statistic and seed give
/// identical results on every machine.
/// </summary>
public static class PercentileBootstrap
{
    public const int DefaultResamples = 2000;

    /// <summary>
    /// Resamples the values themselves: resample b fills position i = 0 … n − 1 with
    /// sample[NextInt(n)], for b = 1 … B in turn; this is <see cref="ForRespondents"/> without strata.
    /// </summary>
    public static BootstrapInterval ForSample(
        IReadOnlyList<double> sample,
        SampleStatistic statistic,
        ulong seed,
        int resamples = DefaultResamples,
        double level = ConfidenceInterval.DefaultLevel)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(statistic);
        var values = sample.ToArray();
        var buffer = new double[values.Length];
        return ForRespondents(
            values.Length,
            [respondents =>
            {
                for (var i = 0; i < respondents.Length; i++)
                {
                    buffer[i] = values[respondents[i]];
                }

                return statistic(buffer.AsSpan(0, respondents.Length));
            }],
            seed,
            resamples,
            level)[0];
    }

    /// <summary>
    /// Resamples respondents (as indices) once per replicate and computes every statistic on that
    /// same resample, so statistics drawn from one respondent's answers (an overall score and its
    /// dimensions, a difference of two means) stay paired. With strata (one key per respondent,
    /// e.g. the segment), each respondent's slot is refilled from its own stratum, so every
    /// resample keeps the strata's sizes. The draw order is fixed: for b = 1 … B, for i = 0 … n − 1,
    /// slot i gets member NextInt(size) of i's stratum (members in index order; without strata, the
    /// single stratum is everyone, so slot i gets NextInt(n)).
    /// </summary>
    public static IReadOnlyList<BootstrapInterval> ForRespondents(
        int respondentCount,
        IReadOnlyList<RespondentStatistic> statistics,
        ulong seed,
        int resamples = DefaultResamples,
        double level = ConfidenceInterval.DefaultLevel,
        IReadOnlyList<int>? strata = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(respondentCount, 1);
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        ConfidenceInterval.CheckLevel(level);
        var slotMembers = StratumMembersBySlot(respondentCount, strata);

        var original = new int[respondentCount];
        for (var i = 0; i < original.Length; i++)
        {
            original[i] = i;
        }

        var estimates = new double[statistics.Count];
        var replicates = new double[statistics.Count][];
        for (var s = 0; s < statistics.Count; s++)
        {
            estimates[s] = statistics[s](original);
            replicates[s] = new double[resamples];
        }

        var random = new Xoshiro256StarStar(seed);
        var resample = new int[respondentCount];
        for (var b = 0; b < resamples; b++)
        {
            for (var i = 0; i < resample.Length; i++)
            {
                var members = slotMembers[i];
                resample[i] = members[random.NextInt(members.Length)];
            }

            for (var s = 0; s < statistics.Count; s++)
            {
                replicates[s][b] = statistics[s](resample);
            }
        }

        var results = new BootstrapInterval[statistics.Count];
        for (var s = 0; s < statistics.Count; s++)
        {
            results[s] = Summarise(estimates[s], replicates[s], level);
        }

        return results;
    }

    private static int[][] StratumMembersBySlot(int respondentCount, IReadOnlyList<int>? strata)
    {
        var slotMembers = new int[respondentCount][];
        if (strata is null)
        {
            var everyone = new int[respondentCount];
            for (var i = 0; i < everyone.Length; i++)
            {
                everyone[i] = i;
            }

            Array.Fill(slotMembers, everyone);
            return slotMembers;
        }

        if (strata.Count != respondentCount)
        {
            throw new ArgumentException($"There are {strata.Count} strata keys for {respondentCount} respondents.", nameof(strata));
        }

        var byKey = new Dictionary<int, List<int>>();
        for (var i = 0; i < respondentCount; i++)
        {
            if (!byKey.TryGetValue(strata[i], out var list))
            {
                byKey[strata[i]] = list = [];
            }

            list.Add(i);
        }

        var arrays = byKey.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray());
        for (var i = 0; i < respondentCount; i++)
        {
            slotMembers[i] = arrays[strata[i]];
        }

        return slotMembers;
    }

    /// <summary>The percentile interval of the replicates (NaN ones left out) around the estimate.</summary>
    internal static BootstrapInterval Summarise(double estimate, double[] replicates, double level)
    {
        var valid = replicates.Where(value => !double.IsNaN(value)).ToArray();
        if (valid.Length == 0)
        {
            return new BootstrapInterval(estimate, null, replicates.Length, 0);
        }

        Array.Sort(valid);
        var interval = new ConfidenceInterval(
            Quantiles.OfSorted(valid, (1 - level) / 2),
            Quantiles.OfSorted(valid, (1 + level) / 2),
            level);
        return new BootstrapInterval(estimate, interval, replicates.Length, valid.Length);
    }
}
