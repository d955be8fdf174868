using SurveyPlatform.Domain.Scoring.Model;

namespace SurveyPlatform.Domain.Scoring.Sensitivity;

/// <summary>
/// Every respondent's dimension scores in one flat array (respondent-major, NaN for a missing
/// dimension): all the sensitivity analysis needs to recompute overall scores and maturity levels
/// under other weights, without reading the responses again. Respondents are numbered in the order
/// they are added.
/// </summary>
public sealed class RespondentDimensions
{
    private double[] _scores;

    public RespondentDimensions(int dimensions, int capacity = 16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        DimensionCount = dimensions;
        _scores = new double[dimensions * Math.Max(capacity, 1)];
    }

    public int DimensionCount { get; }

    public int Count { get; private set; }

    /// <summary>Adds a scored respondent's dimensions, in the model's dimension order.</summary>
    public void Add(RespondentScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        if (score.Dimensions.Count != DimensionCount)
        {
            throw new ArgumentException($"{score.Dimensions.Count} dimensions, but the table has {DimensionCount}.", nameof(score));
        }

        var slot = Reserve();
        for (var d = 0; d < DimensionCount; d++)
        {
            _scores[slot + d] = score.Dimensions[d].Score ?? double.NaN;
        }
    }

    /// <summary>Adds a respondent's dimension scores (null: missing), in the model's dimension order.</summary>
    public void Add(params ReadOnlySpan<double?> dimensions)
    {
        if (dimensions.Length != DimensionCount)
        {
            throw new ArgumentException($"{dimensions.Length} dimensions, but the table has {DimensionCount}.", nameof(dimensions));
        }

        var slot = Reserve();
        for (var d = 0; d < DimensionCount; d++)
        {
            _scores[slot + d] = dimensions[d] ?? double.NaN;
        }
    }

    /// <summary>Every respondent's dimension scores, respondent-major (respondent i at i × <see cref="DimensionCount"/>).</summary>
    internal ReadOnlySpan<double> All => _scores.AsSpan(0, Count * DimensionCount);

    /// <summary>The respondent's dimension scores, NaN where missing.</summary>
    public ReadOnlySpan<double> Of(int respondent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(respondent);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(respondent, Count);
        return _scores.AsSpan(respondent * DimensionCount, DimensionCount);
    }

    private int Reserve()
    {
        var slot = Count * DimensionCount;
        if (slot + DimensionCount > _scores.Length)
        {
            Array.Resize(ref _scores, Math.Max(_scores.Length * 2, slot + DimensionCount));
        }

        Count++;
        return slot;
    }
}
