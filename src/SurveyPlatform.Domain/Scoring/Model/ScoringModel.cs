using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SurveyPlatform.Domain.Scoring.Model;

/// <summary>
/// How a survey's answers become the readiness index (../shared/domain/healthcare-ai-adoption.md,
/// "The readiness index method"): scorable items, dimensions that group them, the overall
/// aggregation, maturity bands and the JTBD block. A versioned JSON document (format
/// <see cref="CurrentFormat"/>); its <see cref="ComputeHash"/> identifies it in every scoring run.
/// Check it against a definition with <see cref="ScoringModelValidator"/>, then score with
/// <see cref="CompiledScoringModel"/>.
/// </summary>
public sealed record ScoringModel
{
    public const string CurrentFormat = "surveyplatform.scoring/1";

    public string Format { get; init; } = CurrentFormat;

    /// <summary>The model's revision; the editor raises it on each saved change.</summary>
    public int Version { get; init; } = 1;

    public string? Name { get; init; }

    public IReadOnlyList<ScoringItem> Items { get; init; } = [];

    public IReadOnlyList<ScoringDimension> Dimensions { get; init; } = [];

    public OverallAggregation Overall { get; init; } = new();

    /// <summary>Maturity levels over the overall score, lowest first.</summary>
    public IReadOnlyList<MaturityBand> Bands { get; init; } = MaturityBand.Defaults();

    /// <summary>The JTBD index; null when the survey has no jobs-to-be-done matrices.</summary>
    public JtbdModel? Jtbd { get; init; }

    /// <summary>
    /// Small-group suppression: a group (the whole sample, a segment, an item's respondents) with fewer
    /// than K respondents shows "suppressed (n&lt;K)" instead of numbers. At least 3.
    /// </summary>
    public int SuppressionK { get; init; } = 5;

    /// <summary>Optional raking targets: known population shares of single-choice answers (e.g. the segment mix).</summary>
    public IReadOnlyList<WeightingTarget> Weighting { get; init; } = [];

    private static readonly JsonSerializerOptions Indented = Options(indented: true);
    private static readonly JsonSerializerOptions Compact = Options(indented: false);

    private static JsonSerializerOptions Options(bool indented) => new(JsonSerializerDefaults.Web)
    {
        WriteIndented = indented,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // A misspelt property would otherwise be dropped silently and the model would score differently.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The document for storage and the editor (indented, option scores in code order).</summary>
    public string ToJson() => JsonSerializer.Serialize(Canonical(), Indented);

    /// <summary>
    /// The canonical form the hash is taken over: compact, every property written (defaults
    /// included) in declaration order, option scores sorted by code (ordinal). Whitespace, property
    /// order and dictionary order in a stored document therefore never change the hash.
    /// </summary>
    public string ToCanonicalJson() => JsonSerializer.Serialize(Canonical(), Compact);

    /// <summary>SHA-256 of the UTF-8 canonical JSON, as 64 lowercase hex digits.</summary>
    public string ComputeHash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToCanonicalJson())));

    /// <exception cref="FormatException">The text is not a scoring model document.</exception>
    public static ScoringModel FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        ScoringModel? model;
        try
        {
            model = JsonSerializer.Deserialize<ScoringModel>(json, Compact);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The scoring model is not valid JSON for {CurrentFormat}: {e.Message}", e);
        }

        return (model ?? throw new FormatException("The scoring model is empty.")).WithoutNulls();
    }

    /// <summary>A document may say <c>null</c> where a list belongs: read it as empty, so checks never meet a null.</summary>
    private ScoringModel WithoutNulls() => this with
    {
        Format = Format ?? string.Empty,
        Items = [.. (Items ?? []).Where(i => i is not null)],
        Dimensions = [.. (Dimensions ?? []).Where(d => d is not null).Select(d => d with { Items = [.. (d.Items ?? []).Where(i => i is not null)] })],
        Overall = Overall ?? new OverallAggregation(),
        Bands = [.. (Bands ?? []).Where(b => b is not null)],
        Weighting = [.. (Weighting ?? []).Where(w => w is not null).Select(w => w with { Margins = w.Margins ?? new Dictionary<string, double>() })],
        Jtbd = Jtbd is null ? null : Jtbd with
        {
            Segments = [.. (Jtbd.Segments ?? []).Where(s => s is not null)],
            StageWeights = Jtbd.StageWeights ?? [],
            Cutoffs = Jtbd.Cutoffs ?? new CutoffRule(),
        },
    };

    private ScoringModel Canonical() => this with
    {
        Items = [.. Items.Select(i => i.Scores is null ? i : i with { Scores = new SortedDictionary<string, double>(i.Scores.ToDictionary(), StringComparer.Ordinal) })],
        Weighting = [.. Weighting.Select(w => w with { Margins = new SortedDictionary<string, double>(w.Margins.ToDictionary(), StringComparer.Ordinal) })],
    };
}

/// <summary>Where an item's value comes from.</summary>
public enum ItemSource
{
    /// <summary>A stored answer: the question code, or a matrix row's <c>{code}_{row}</c>.</summary>
    Answer,

    /// <summary>
    /// Computed from the JTBD block: the share (0–100) of the respondent's answered jobs in their
    /// segment's stage matrix that are past <see cref="JtbdModel.PocStage"/>.
    /// </summary>
    AdoptionBreadth,
}

/// <summary>One scorable item and how its answer maps to points.</summary>
public sealed record ScoringItem
{
    /// <summary>The answer key (question code or <c>{matrix}_{row}</c>); for a computed item, any unique name.</summary>
    public required string Key { get; init; }

    public ItemSource Source { get; init; }

    /// <summary>
    /// Choice, yes/no and matrix-single items: points per option code. Null means the options'
    /// own <c>Points</c> from the definition. An answer whose option is not listed is missing
    /// (single choice) or adds nothing (multiple choice).
    /// </summary>
    public IReadOnlyDictionary<string, double>? Scores { get; init; }

    /// <summary>Number items: the range normalised to 0–100 (defaults: the question's own bounds). Values outside are clamped.</summary>
    public double? Min { get; init; }

    public double? Max { get; init; }

    /// <summary>High points mean low readiness: the normalised score is 100 minus the plain one.</summary>
    public bool Reverse { get; init; }
}

/// <summary>A named group of items; a respondent's dimension score is the weighted mean of their answered items.</summary>
public sealed record ScoringDimension
{
    public required string Name { get; init; }

    /// <summary>The dimension's weight in the overall score (default 1: equal).</summary>
    public double Weight { get; init; } = 1;

    /// <summary>The dimension is missing when fewer than this share of its items (by count) are answered.</summary>
    public double MinimumAnsweredShare { get; init; } = 0.5;

    public IReadOnlyList<DimensionItem> Items { get; init; } = [];
}

/// <summary>An item's membership of a dimension (by <see cref="ScoringItem.Key"/>) and its weight there (default 1: equal).</summary>
public sealed record DimensionItem
{
    public required string Item { get; init; }

    public double Weight { get; init; } = 1;
}

public enum AggregationMethod
{
    /// <summary>Weighted arithmetic mean of the available dimensions.</summary>
    Linear,

    /// <summary>Weighted geometric mean of (dimension + offset), minus the offset.</summary>
    Geometric,
}

public sealed record OverallAggregation
{
    public AggregationMethod Method { get; init; } = AggregationMethod.Linear;

    /// <summary>
    /// Geometric only: added to every dimension before taking logs and taken off after, so a
    /// dimension at 0 lowers the overall score strongly but does not force it to 0. Set 0 for the
    /// strict geometric mean, where any dimension at 0 makes the overall 0.
    /// </summary>
    public double GeometricOffset { get; init; } = 1;

    /// <summary>The overall score is missing when fewer than this share of the dimensions (by count) are available; it is always missing with none.</summary>
    public double MinimumDimensionShare { get; init; }
}

/// <summary>A maturity level for overall scores in [From, To); the last band also holds its To (100).</summary>
public sealed record MaturityBand
{
    public required string Name { get; init; }

    public double From { get; init; }

    public double To { get; init; }

    public static IReadOnlyList<MaturityBand> Defaults() =>
    [
        new() { Name = "Foundational", From = 0, To = 25 },
        new() { Name = "Approaching", From = 25, To = 50 },
        new() { Name = "Aspirational", From = 50, To = 75 },
        new() { Name = "Mature", From = 75, To = 100 },
    ];
}

/// <summary>The jobs-to-be-done index: per segment, three matrices sharing their rows.</summary>
public sealed record JtbdModel
{
    /// <summary>The single-choice question whose answer picks the respondent's segment.</summary>
    public string SegmentQuestion { get; init; } = "segment";

    public IReadOnlyList<JtbdSegment> Segments { get; init; } = [];

    /// <summary>Adoption points (0–100) of the stage matrix's options, in option order.</summary>
    public IReadOnlyList<double> StageWeights { get; init; } = [0, 25, 50, 75, 100];

    public CutoffRule Cutoffs { get; init; } = new();

    /// <summary>The stage option of a proof of concept: conversion counts from it, breadth counts the stages after it.</summary>
    public string PocStage { get; init; } = "poc";

    public string ProductionStage { get; init; } = "production";

    /// <summary>Number questions for the organisation-level conversion (completed POCs, and of those in production); optional.</summary>
    public string? PocsCompletedQuestion { get; init; }

    public string? PocsInProductionQuestion { get; init; }
}

/// <summary>One segment (an option of the segment question) and its three matrices.</summary>
public sealed record JtbdSegment
{
    public required string Segment { get; init; }

    public required string StageMatrix { get; init; }

    public required string PainMatrix { get; init; }

    public required string ManualMatrix { get; init; }
}

public enum CutoffMethod
{
    /// <summary>The median of the JTBD scores in the segment, per axis.</summary>
    Median,

    /// <summary>The fixed values <see cref="CutoffRule.Opportunity"/> and <see cref="CutoffRule.Adoption"/>.</summary>
    Fixed,
}

/// <summary>Where the 2×2 splits: a score at or above the cut-off is high.</summary>
public sealed record CutoffRule
{
    public CutoffMethod Method { get; init; } = CutoffMethod.Median;

    public double? Opportunity { get; init; }

    public double? Adoption { get; init; }
}

/// <summary>
/// A raking variable: the single-choice question and the population share of each of its options
/// (shares sum to 1). Respondents who did not answer it, or chose an option not listed, keep weight 1
/// relative to the others in their cell.
/// </summary>
public sealed record WeightingTarget
{
    public required string Question { get; init; }

    public IReadOnlyDictionary<string, double> Margins { get; init; } = new Dictionary<string, double>();
}
