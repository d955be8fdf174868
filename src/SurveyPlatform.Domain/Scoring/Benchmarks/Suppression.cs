namespace SurveyPlatform.Domain.Scoring.Benchmarks;

/// <summary>One group of a table before suppression: its key, its n and its value.</summary>
public sealed record GroupValue<TKey, T>(TKey Key, int N, T Value);

/// <summary>One group of a table after suppression, in the input order.</summary>
public sealed record GroupResult<TKey, T>(TKey Key, GroupFigure<T> Figure);

/// <summary>Applies a <see cref="SuppressionPolicy"/> to tables of groups.</summary>
public static class Suppression
{
    /// <summary>Each group on its own: shown when n ≥ k, otherwise "suppressed (n&lt;k)".</summary>
    public static IReadOnlyList<GroupResult<TKey, T>> Apply<TKey, T>(IEnumerable<GroupValue<TKey, T>> groups, SuppressionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(policy);
        return groups.Select(g => new GroupResult<TKey, T>(g.Key, policy.Publish(g.N, g.Value))).ToList();
    }

    /// <summary>
    /// The groups of one partition (disjoint groups that together make up a total). Each group with
    /// n &lt; k is suppressed. Complementary suppression: when <paramref name="totalPublished"/> and
    /// exactly one group is suppressed, the published group with the smallest n (the first in input
    /// order among equals) is suppressed too, so the small group's n or sum cannot be recovered as
    /// the total minus the others. With two or more small groups only their combination is
    /// recoverable, which the rule accepts. The rule protects one partition; a caller publishing
    /// several cross-cutting tables over the same respondents must check those together.
    /// </summary>
    public static IReadOnlyList<GroupResult<TKey, T>> ApplyToPartition<TKey, T>(
        IReadOnlyList<GroupValue<TKey, T>> groups,
        SuppressionPolicy policy,
        bool totalPublished)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(policy);
        var figures = new GroupFigure<T>[groups.Count];
        var small = 0;
        for (var i = 0; i < groups.Count; i++)
        {
            figures[i] = policy.Publish(groups[i].N, groups[i].Value);
            if (!figures[i].IsPublished)
            {
                small++;
            }
        }

        if (totalPublished && small == 1)
        {
            var complement = -1;
            for (var i = 0; i < groups.Count; i++)
            {
                if (figures[i].IsPublished && (complement < 0 || groups[i].N < groups[complement].N))
                {
                    complement = i;
                }
            }

            if (complement >= 0)
            {
                figures[complement] = new Suppressed<T>(policy.K, SuppressionReason.Complementary);
            }
        }

        var result = new List<GroupResult<TKey, T>>(groups.Count);
        for (var i = 0; i < groups.Count; i++)
        {
            result.Add(new GroupResult<TKey, T>(groups[i].Key, figures[i]));
        }

        return result;
    }
}
