namespace SurveyPlatform.Domain.Scoring.Sensitivity;

/// <summary>How the Monte Carlo perturbs the index (JRC/OECD handbook, step 8). The defaults are the issue's.</summary>
public sealed record SensitivityOptions
{
    /// <summary>The number of draws D.</summary>
    public int Draws { get; init; } = 1000;

    /// <summary>
    /// The Dirichlet concentration c: dimension weights are drawn from Dirichlet(c·w), w the configured
    /// weights scaled to sum to 1. Each drawn weight has mean wᵢ and standard deviation
    /// √(wᵢ(1 − wᵢ)/(c + 1)); with six equal weights and c = 50 that is about 0.05 around 0.167
    /// (roughly ±30% of the weight at one SD). <see cref="double.PositiveInfinity"/> keeps the
    /// configured weights exactly.
    /// </summary>
    public double Concentration { get; init; } = 50;

    /// <summary>Each stage weight moves by a uniform amount in [−jitter, +jitter] points (then clamped to 0–100 and sorted).</summary>
    public double StageJitter { get; init; } = 10;

    /// <summary>When the model has both fixed cut-offs, the chance that a draw uses them instead of the medians.</summary>
    public double FixedCutoffProbability { get; init; } = 0.5;

    /// <summary>A JTBD is robust when its baseline quadrant holds in at least this share of the draws.</summary>
    public double RobustShare { get; init; } = 0.8;

    /// <summary>How the jobs of a segment are ranked in each draw.</summary>
    public JtbdRankCriterion RankBy { get; init; } = JtbdRankCriterion.OpportunityGap;

    internal void Check()
    {
        if (Draws < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Draws), Draws, "At least one draw is needed.");
        }

        if (!(Concentration > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(Concentration), Concentration, "The concentration must be positive.");
        }

        if (!(StageJitter >= 0 && StageJitter <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(StageJitter), StageJitter, "The stage jitter lies between 0 and 100 points.");
        }

        if (!(FixedCutoffProbability >= 0 && FixedCutoffProbability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(FixedCutoffProbability), FixedCutoffProbability, "A probability lies between 0 and 1.");
        }

        if (!(RobustShare >= 0 && RobustShare <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(RobustShare), RobustShare, "A share lies between 0 and 1.");
        }
    }
}

/// <summary>
/// What a job's rank within its segment (1 = first) is taken over, descending; jobs lacking a score
/// needed have no rank. Opportunity alone does not depend on any perturbed input (it comes from pain
/// and manual share only), so its rank never moves; the default therefore ranks by the gap.
/// </summary>
public enum JtbdRankCriterion
{
    /// <summary>Opportunity − adoption: the unmet opportunity, best targets first.</summary>
    OpportunityGap,

    /// <summary>The opportunity score (constant across draws).</summary>
    Opportunity,

    /// <summary>The adoption score.</summary>
    Adoption,
}
