namespace SurveyPlatform.Web.Tests.Infrastructure;

/// <summary>A clock a test moves on by hand; it starts at the real time.</summary>
public sealed class SettableClock : TimeProvider
{
    private long _ticks = DateTimeOffset.UtcNow.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public DateTime UtcNow => GetUtcNow().UtcDateTime;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
