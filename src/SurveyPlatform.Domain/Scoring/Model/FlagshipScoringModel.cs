using SurveyPlatform.Domain.Templates;

namespace SurveyPlatform.Domain.Scoring.Model;

/// <summary>
/// The complete default model for the flagship template (<see cref="HealthcareAiAdoption"/>): the
/// six dimensions of the domain description, equal weights, linear aggregation, the default bands,
/// and the JTBD block over the three segments' matrices. Questions that describe rather than
/// measure readiness (budget owner, funding, evaluation criteria, models used, roadblocks, ROI) are
/// left for breakdowns and are not scored.
/// </summary>
public static class FlagshipScoringModel
{
    public const string AdoptionBreadth = "adoption_breadth";

    public static ScoringModel Create() => new()
    {
        Name = "Healthcare AI readiness index",
        Items =
        [
            Choice("ai_strategy", ("yes", 2), ("in_progress", 1), ("no", 0)),
            Choice("governance_committee", ("yes", 1), ("no", 0)),
            Choice("budget_change", ("same", 0), ("up_10_50", 1), ("up_50_100", 2), ("up_100_300", 3), ("up_300_plus", 4)),
            Choice("budget_vs_it", ("yes", 2), ("same", 1), ("no", 0)),
            new() { Key = "data_readiness" },
            new() { Key = "deploy_in_env" },
            new() { Key = "ehr_integration" },
            new() { Key = "ai_expertise" },
            Choice("hitl_review", ("yes", 2), ("partly", 1), ("no", 0)),
            // One point per testing practice in use; "none of these" scores 0 (range 0–7).
            Choice("testing_practices", ("human_in_loop", 1), ("robustness", 1), ("fairness", 1), ("bias", 1), ("truthfulness", 1), ("data_leakage", 1), ("freshness", 1), ("none", 0)),
            new() { Key = AdoptionBreadth, Source = ItemSource.AdoptionBreadth },
        ],
        Dimensions =
        [
            Dimension("Strategy & governance", "ai_strategy", "governance_committee"),
            Dimension("Investment", "budget_change", "budget_vs_it"),
            Dimension("Data & platform", "data_readiness", "deploy_in_env", "ehr_integration"),
            Dimension("People", "ai_expertise"),
            Dimension("Trust & evaluation", "hitl_review", "testing_practices"),
            Dimension("Adoption breadth", AdoptionBreadth),
        ],
        Jtbd = new JtbdModel
        {
            SegmentQuestion = "segment",
            Segments =
            [
                Segment("payer", "payer"),
                Segment("pharma", "pharma"),
                Segment("provider", "prov"),
            ],
            PocsCompletedQuestion = "pocs_completed",
            PocsInProductionQuestion = "pocs_in_production",
        },
    };

    private static ScoringItem Choice(string key, params (string Option, double Score)[] scores) =>
        new() { Key = key, Scores = scores.ToDictionary(s => s.Option, s => s.Score, StringComparer.Ordinal) };

    private static ScoringDimension Dimension(string name, params string[] items) =>
        new() { Name = name, Items = [.. items.Select(i => new DimensionItem { Item = i })] };

    private static JtbdSegment Segment(string segment, string prefix) =>
        new() { Segment = segment, StageMatrix = $"{prefix}_stage", PainMatrix = $"{prefix}_pain", ManualMatrix = $"{prefix}_manual" };
}
