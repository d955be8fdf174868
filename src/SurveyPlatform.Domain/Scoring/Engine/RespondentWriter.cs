using SurveyPlatform.Domain.Scoring.Sensitivity;

namespace SurveyPlatform.Domain.Scoring.Engine;

/// <summary>
/// The engine's hand-over of each scored respondent to the spill: a batch of respondents at a time, on
/// another thread and in the order added, each gets its maturity-stability tally (<see cref="MaturityStability"/>,
/// a thousand overall scores a respondent) and its spill record, so the thread reading responses does
/// neither. Two batches in memory, whatever the number of respondents.
/// </summary>
internal sealed class RespondentWriter
{
    private const int BatchSize = 512;

    private readonly RespondentSpill _spill;
    private readonly MaturityStability? _stability;
    private readonly int _dimensions;
    private Batch _filling;
    private Batch _spare;
    private Task _writing = Task.CompletedTask;
    private double _stabilitySum;

    public RespondentWriter(RespondentSpill spill, MaturityStability? stability, int dimensions)
    {
        _spill = spill;
        _stability = stability;
        _dimensions = dimensions;
        _filling = new Batch(dimensions);
        _spare = new Batch(dimensions);
    }

    public int Count { get; private set; }

    /// <summary>Σ stability over the respondents (in the order added); read after <see cref="Complete"/>.</summary>
    public double StabilitySum => _stabilitySum;

    /// <param name="dimensions">The respondent's dimension scores (NaN: missing); copied.</param>
    public void Add(Guid id, int segment, double overall, ReadOnlySpan<double> dimensions, int group)
    {
        var batch = _filling;
        var j = batch.Count;
        batch.Ids[j] = id;
        batch.Segments[j] = segment;
        batch.Overall[j] = overall;
        batch.Groups[j] = group;
        dimensions.CopyTo(batch.Dimensions.AsSpan(j * _dimensions, _dimensions));
        batch.Count++;
        Count++;
        if (batch.Count == BatchSize)
        {
            Hand(batch);
        }
    }

    /// <summary>Writes what is left and waits for it: the spill then holds every respondent.</summary>
    public RespondentSpill Complete()
    {
        if (_filling.Count > 0)
        {
            Hand(_filling);
        }

        _writing.GetAwaiter().GetResult();
        return _spill;
    }

    private void Hand(Batch full)
    {
        _writing.GetAwaiter().GetResult();
        (_filling, _spare) = (_spare, full);
        _filling.Count = 0;
        _writing = Task.Run(() => Write(full));
    }

    private void Write(Batch batch)
    {
        for (var j = 0; j < batch.Count; j++)
        {
            var dimensions = batch.Dimensions.AsSpan(j * _dimensions, _dimensions);
            var (baseline, same) = (-1, 0);
            if (_stability is not null)
            {
                same = _stability.Tally(dimensions, [], out baseline);
                _stabilitySum += (double)same / _stability.Draws;
            }

            _spill.Append(new SpilledRespondent(batch.Ids[j], batch.Segments[j], batch.Overall[j], baseline, same, batch.Groups[j]), dimensions);
        }
    }

    private sealed class Batch(int dimensions)
    {
        public Guid[] Ids { get; } = new Guid[BatchSize];

        public int[] Segments { get; } = new int[BatchSize];

        public double[] Overall { get; } = new double[BatchSize];

        public int[] Groups { get; } = new int[BatchSize];

        public double[] Dimensions { get; } = new double[BatchSize * dimensions];

        public int Count { get; set; }
    }
}
