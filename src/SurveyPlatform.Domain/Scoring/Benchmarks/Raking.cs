namespace SurveyPlatform.Domain.Scoring.Benchmarks;

/// <summary>
/// One raking variable: each respondent's category (in respondent order) and the known population
/// share of each category (the margins, summing to 1).
/// </summary>
public sealed record RakingVariable(string Name, IReadOnlyList<string?> Categories, IReadOnlyDictionary<string, double> Margins);

/// <summary>
/// <see cref="Tolerance"/>: converged when, after a full pass, every category's weighted share is
/// within this of its margin. <see cref="MarginSumTolerance"/>: how far a variable's margins may sum
/// from 1.
/// </summary>
public sealed record RakingOptions(double Tolerance = 1e-6, int MaxIterations = 100, double MarginSumTolerance = 1e-6);

/// <summary>
/// Per-respondent weights (mean 1), whether raking converged, the full passes used, the largest
/// remaining |weighted share − margin| and Kish's effective sample size.
/// </summary>
public sealed record RakingResult(IReadOnlyList<double> Weights, bool Converged, int Iterations, double MaxShareError, double EffectiveSampleSize);

/// <summary>
/// Raking (iterative proportional fitting) to known margins. Starting from weight 1 each, a pass
/// visits the variables in order and, for each, multiplies the weights of a category's respondents
/// by (margin · Σw) / (Σw over the category), so that variable's weighted shares equal its margins.
/// Passes repeat until all variables are within the tolerance at the end of a pass (0 passes if the
/// sample already matches), or until the maximum number of passes, when the result says it did not
/// converge (margins that the sample cannot reach, e.g. two variables whose categories coincide,
/// oscillate forever). Weights are then scaled to mean 1 (Σw = n).
/// </summary>
public static class Raking
{
    public static RakingResult Rake(IReadOnlyList<RakingVariable> variables, RakingOptions? options = null) => Rake(variables, null, options);

    /// <summary>
    /// Raking over groups of respondents that share every category: unit i stands for
    /// <paramref name="frequencies"/>[i] respondents (null: one each), who get one weight. IPF treats
    /// respondents with the same categories alike, so this gives the weights raking them one by one gives
    /// (up to the order of the sums), in memory that grows with the number of distinct category
    /// combinations, not with n. The effective sample size and the mean-1 scaling count every respondent.
    /// </summary>
    public static RakingResult Rake(IReadOnlyList<RakingVariable> variables, IReadOnlyList<int>? frequencies, RakingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(variables);
        options ??= new RakingOptions();
        if (!(options.Tolerance > 0) || !(options.MarginSumTolerance >= 0) || options.MaxIterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "The tolerances must be positive and at least one iteration allowed.");
        }

        if (variables.Count == 0)
        {
            throw new ArgumentException("There must be at least one raking variable.", nameof(variables));
        }

        ArgumentNullException.ThrowIfNull(variables[0]);
        var n = variables[0].Categories.Count;
        if (frequencies is not null && (frequencies.Count != n || frequencies.Any(f => f < 1)))
        {
            throw new ArgumentException($"There must be one frequency of at least 1 for each of the {n} units.", nameof(frequencies));
        }

        var f = new double[n];
        for (var i = 0; i < n; i++)
        {
            f[i] = frequencies?[i] ?? 1;
        }

        var problems = new List<string>();
        var indexed = new (int[] Category, double[] Target, int Count)[variables.Count];
        for (var v = 0; v < variables.Count; v++)
        {
            indexed[v] = Index(variables[v], n, f, options.MarginSumTolerance, problems);
        }

        if (n == 0)
        {
            problems.Add("there are no respondents");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Cannot rake: " + string.Join("; ", problems) + ".", nameof(variables));
        }

        var weights = new double[n];
        Array.Fill(weights, 1.0);
        var iterations = 0;
        var error = MaxError(weights, f, indexed);
        while (error > options.Tolerance && iterations < options.MaxIterations)
        {
            foreach (var (category, target, count) in indexed)
            {
                var totals = new double[count];
                var sum = 0.0;
                for (var i = 0; i < n; i++)
                {
                    totals[category[i]] += f[i] * weights[i];
                    sum += f[i] * weights[i];
                }

                var factors = new double[count];
                for (var c = 0; c < count; c++)
                {
                    factors[c] = target[c] * sum / totals[c];
                }

                for (var i = 0; i < n; i++)
                {
                    weights[i] *= factors[category[i]];
                }
            }

            iterations++;
            error = MaxError(weights, f, indexed);
        }

        double total = 0, respondents = 0;
        for (var i = 0; i < n; i++)
        {
            total += f[i] * weights[i];
            respondents += f[i];
        }

        var mean = total / respondents;
        double sumOfWeights = 0, squares = 0;
        for (var i = 0; i < n; i++)
        {
            weights[i] /= mean;
            sumOfWeights += f[i] * weights[i];
            squares += f[i] * weights[i] * weights[i];
        }

        return new RakingResult(weights, error <= options.Tolerance, iterations, error, squares == 0 ? 0 : sumOfWeights * sumOfWeights / squares);
    }

    private static (int[] Category, double[] Target, int Count) Index(RakingVariable variable, int n, double[] frequencies, double sumTolerance, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(variable);
        ArgumentNullException.ThrowIfNull(variable.Categories);
        ArgumentNullException.ThrowIfNull(variable.Margins);
        var name = variable.Name;
        if (variable.Categories.Count != n)
        {
            problems.Add($"variable '{name}' has {variable.Categories.Count} respondents, not {n}");
        }

        var codes = variable.Margins.Keys.Order(StringComparer.Ordinal).ToArray();
        var position = codes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var target = codes.Select(c => variable.Margins[c]).ToArray();
        var bad = codes.Where(c => !(variable.Margins[c] > 0 && double.IsFinite(variable.Margins[c]))).ToList();
        if (bad.Count > 0)
        {
            problems.Add($"variable '{name}' has margins that are not positive: {string.Join(", ", bad)}");
        }

        var total = target.Sum();
        if (!(Math.Abs(total - 1) <= sumTolerance))
        {
            problems.Add($"variable '{name}' margins sum to {total.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}, not 1");
        }

        var category = new int[variable.Categories.Count];
        var seen = new int[codes.Length];
        var unknown = new SortedSet<string>(StringComparer.Ordinal);
        var missing = 0;
        for (var i = 0; i < variable.Categories.Count; i++)
        {
            var code = variable.Categories[i];
            if (code is null)
            {
                missing += i < frequencies.Length ? (int)frequencies[i] : 1;
            }
            else if (position.TryGetValue(code, out var p))
            {
                category[i] = p;
                seen[p]++;
            }
            else
            {
                unknown.Add(code);
            }
        }

        if (missing > 0)
        {
            problems.Add($"variable '{name}' is missing for {missing} respondent(s)");
        }

        if (unknown.Count > 0)
        {
            problems.Add($"variable '{name}' has categories without a margin: {string.Join(", ", unknown)}");
        }

        var empty = codes.Where((_, c) => seen[c] == 0).ToList();
        if (empty.Count > 0)
        {
            problems.Add($"variable '{name}' has categories with no respondents: {string.Join(", ", empty)}");
        }

        return (category, target, codes.Length);
    }

    private static double MaxError(double[] weights, double[] frequencies, (int[] Category, double[] Target, int Count)[] variables)
    {
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += frequencies[i] * weights[i];
        }

        var error = 0.0;
        foreach (var (category, target, count) in variables)
        {
            var totals = new double[count];
            for (var i = 0; i < weights.Length; i++)
            {
                totals[category[i]] += frequencies[i] * weights[i];
            }

            for (var c = 0; c < count; c++)
            {
                error = Math.Max(error, Math.Abs((totals[c] / sum) - target[c]));
            }
        }

        return error;
    }
}
