namespace SurveyPlatform.Web.Tests.Infrastructure;

/// <summary>The app's clock, moved forward by the test (timers still run on real time).</summary>
public sealed class AdjustableClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public AdjustableClock()
        : this(TimeProvider.System.GetUtcNow())
    {
    }

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
