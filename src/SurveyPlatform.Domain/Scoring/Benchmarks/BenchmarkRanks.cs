namespace SurveyPlatform.Domain.Scoring.Benchmarks;

/// <summary>
/// An organisation's scores: overall and per dimension (null or NaN = missing). The segment is null
/// when unknown; such an organisation has no within-segment rank but is in the all-organisations group.
/// </summary>
public sealed record OrganisationScores(string Id, string? Segment, double? Overall, IReadOnlyDictionary<string, double?> Dimensions);

/// <summary>
/// An organisation's percentile rank for one measure. Each side is null when the organisation has
/// no rank there (its score is missing, or for <see cref="WithinSegment"/> its segment is unknown);
/// otherwise the rank with the reference group's n, or suppressed when that group has n &lt; k.
/// </summary>
public sealed record BenchmarkRank(GroupFigure<double>? WithinSegment, GroupFigure<double>? AllOrganisations);

/// <summary>An organisation's ranks for overall readiness and for each dimension (in the order asked for).</summary>
public sealed record OrganisationBenchmark(string Id, string? Segment, BenchmarkRank Overall, IReadOnlyDictionary<string, BenchmarkRank> Dimensions);

/// <summary>
/// Benchmarks: each organisation's percentile rank among its peers.
/// <para>
/// Percentile rank (mid-rank): PR = (below + ½·equal) / n · 100, where n is the size of the
/// reference group, below the number of its members scoring strictly lower and equal the number
/// scoring exactly the same, the organisation itself included. A sole member ranks 50; ties share
/// a rank; PR lies strictly between 0 and 100.
/// </para>
/// <para>
/// Reference group: for each measure, the organisations with a score for that measure, within the
/// organisation's segment and across all organisations. Organisations with a missing score are
/// left out of the group and get no rank. A group with n &lt; k gives suppressed ranks.
/// </para>
/// </summary>
public static class BenchmarkRanks
{
    /// <summary>The mid-rank percentile of <paramref name="value"/> in <paramref name="reference"/> (which need not contain it).</summary>
    public static double PercentileRank(double value, IReadOnlyCollection<double> reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (double.IsNaN(value))
        {
            throw new ArgumentException("NaN has no rank.", nameof(value));
        }

        if (reference.Count == 0)
        {
            throw new ArgumentException("The reference group is empty.", nameof(reference));
        }

        int below = 0, equal = 0;
        foreach (var x in reference)
        {
            if (double.IsNaN(x))
            {
                throw new ArgumentException("NaN has no place in a reference group.", nameof(reference));
            }

            if (x < value)
            {
                below++;
            }
            else if (x == value)
            {
                equal++;
            }
        }

        return MidRank(below, equal, reference.Count);
    }

    /// <summary>Ranks for overall and the named dimensions, in the input order of organisations.</summary>
    public static IReadOnlyList<OrganisationBenchmark> Compute(
        IReadOnlyList<OrganisationScores> organisations,
        IReadOnlyList<string> dimensions,
        SuppressionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(organisations);
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(policy);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var organisation in organisations)
        {
            ArgumentNullException.ThrowIfNull(organisation);
            if (!ids.Add(organisation.Id))
            {
                throw new ArgumentException($"Organisation '{organisation.Id}' appears more than once.", nameof(organisations));
            }
        }

        if (dimensions.Distinct(StringComparer.Ordinal).Count() != dimensions.Count)
        {
            throw new ArgumentException("A dimension is named more than once.", nameof(dimensions));
        }

        var overall = RankMeasure(organisations, o => o.Overall, policy);
        var perDimension = dimensions
            .Select(d => RankMeasure(organisations, o => o.Dimensions.TryGetValue(d, out var v) ? v : null, policy))
            .ToList();

        var result = new List<OrganisationBenchmark>(organisations.Count);
        for (var i = 0; i < organisations.Count; i++)
        {
            var byDimension = new Dictionary<string, BenchmarkRank>(StringComparer.Ordinal);
            for (var d = 0; d < dimensions.Count; d++)
            {
                byDimension[dimensions[d]] = perDimension[d][i];
            }

            result.Add(new OrganisationBenchmark(organisations[i].Id, organisations[i].Segment, overall[i], byDimension));
        }

        return result;
    }

    // One measure's ranks through Percentiles, as figures: published with the reference group's n, or suppressed below k.
    private static BenchmarkRank[] RankMeasure(
        IReadOnlyList<OrganisationScores> organisations,
        Func<OrganisationScores, double?> score,
        SuppressionPolicy policy)
    {
        var n = organisations.Count;
        var values = organisations.Select(o => score(o) ?? double.NaN).ToArray();
        var segmentNames = organisations.Select(o => o.Segment).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var segmentOf = organisations.Select(o => o.Segment is { } s ? segmentNames.IndexOf(s) : -1).ToArray();
        var within = new double[n];
        var all = new double[n];
        Percentiles(values, segmentOf, segmentNames.Count, policy, within, all);

        var everyone = 0;
        var sizes = new int[segmentNames.Count];
        for (var i = 0; i < n; i++)
        {
            if (!double.IsNaN(values[i]))
            {
                everyone++;
                if (segmentOf[i] >= 0)
                {
                    sizes[segmentOf[i]]++;
                }
            }
        }

        var ranks = new BenchmarkRank[n];
        for (var i = 0; i < n; i++)
        {
            ranks[i] = double.IsNaN(values[i])
                ? new BenchmarkRank(null, null)
                : new BenchmarkRank(segmentOf[i] < 0 ? null : policy.Publish(sizes[segmentOf[i]], within[i]), policy.Publish(everyone, all[i]));
        }

        return ranks;
    }

    /// <summary>
    /// <see cref="Compute"/>'s ranks for one measure over plain columns, with no object per organisation:
    /// <paramref name="values"/>[i] is organisation i's score (NaN: missing) and
    /// <paramref name="segmentOf"/>[i] its segment, 0 … <paramref name="segments"/> − 1 (negative:
    /// unknown). Writes each organisation's percentile rank within its segment and among all
    /// organisations, or NaN where it has none: a missing score, an unknown segment, or a reference
    /// group below k. The numbers are those of <see cref="Compute"/>.
    /// </summary>
    public static void Percentiles(
        ReadOnlySpan<double> values, ReadOnlySpan<int> segmentOf, int segments, SuppressionPolicy policy, Span<double> withinSegment, Span<double> all)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfNegative(segments);
        if (segmentOf.Length != values.Length || withinSegment.Length != values.Length || all.Length != values.Length)
        {
            throw new ArgumentException("Every column must have one entry per organisation.", nameof(segmentOf));
        }

        var counts = new int[segments];
        var present = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsInfinity(values[i]))
            {
                throw new ArgumentException("A score is infinite.", nameof(values));
            }

            if (!double.IsNaN(values[i]))
            {
                present++;
                if (segmentOf[i] >= 0)
                {
                    ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(segmentOf[i], segments, nameof(segmentOf));
                    counts[segmentOf[i]]++;
                }
            }
        }

        var everyone = new double[present];
        var bySegment = counts.Select(c => new double[c]).ToArray();
        Array.Clear(counts);
        present = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsNaN(values[i]))
            {
                everyone[present++] = values[i];
                if (segmentOf[i] >= 0)
                {
                    bySegment[segmentOf[i]][counts[segmentOf[i]]++] = values[i];
                }
            }
        }

        Array.Sort(everyone);
        foreach (var group in bySegment)
        {
            Array.Sort(group);
        }

        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i];
            var missing = double.IsNaN(value);
            all[i] = !missing && policy.Allows(everyone.Length) ? MidRankIn(value, everyone) : double.NaN;
            withinSegment[i] = !missing && segmentOf[i] >= 0 && policy.Allows(bySegment[segmentOf[i]].Length)
                ? MidRankIn(value, bySegment[segmentOf[i]])
                : double.NaN;
        }
    }

    private static double MidRankIn(double value, double[] sorted)
    {
        var below = LowerBound(sorted, value);
        var equal = LowerBound(sorted, Math.BitIncrement(value)) - below;
        return MidRank(below, equal, sorted.Length);
    }

    /// <summary>The number of elements strictly less than <paramref name="value"/>.</summary>
    private static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    internal static double MidRank(int below, int equal, int n) => (below + (0.5 * equal)) / n * 100;
}
