using SurveyPlatform.Domain.Analysis;
using SurveyPlatform.Domain.Scoring.Benchmarks;

namespace SurveyPlatform.Domain.Tests.Analysis;

public sealed class AnalysisFiguresTests
{
    [Fact]
    public void ResponseFunnel_StartedIsPartialPlusCompleted_AndTheRatesFollow()
    {
        var funnel = ResponseFunnel.From(invited: 40, openSessions: 6, completed: 18);

        Assert.Equal(40, funnel.Invited);
        Assert.Equal(24, funnel.Started);
        Assert.Equal(6, funnel.Partial);
        Assert.Equal(18, funnel.Completed);
        Assert.Equal(0.75, funnel.CompletionRate!.Value, 12);
        Assert.Equal(0.45, funnel.ResponseRate!.Value, 12);
    }

    [Fact]
    public void ResponseFunnel_WithoutAListOrStarts_HasNoRates()
    {
        var funnel = ResponseFunnel.From(invited: 0, openSessions: 0, completed: 0);

        Assert.Null(funnel.Invited);
        Assert.Null(funnel.CompletionRate);
        Assert.Null(funnel.ResponseRate);
    }

    [Fact]
    public void DailyCounts_CountPerLocalDay_AndFillTheDaysBetween()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        DateTime[] times =
        [
            new(2026, 3, 1, 22, 30, 0, DateTimeKind.Utc), // 23:30 in Berlin: 1 March
            new(2026, 3, 1, 23, 30, 0, DateTimeKind.Utc), // 00:30 in Berlin: 2 March
            new(2026, 3, 4, 10, 0, 0, DateTimeKind.Utc),
            new(2026, 3, 4, 11, 0, 0, DateTimeKind.Utc),
        ];

        var days = DailyCounts.Count(times, berlin);

        Assert.Equal(
            [new DayCount(new DateOnly(2026, 3, 1), 1), new DayCount(new DateOnly(2026, 3, 2), 1), new DayCount(new DateOnly(2026, 3, 3), 0), new DayCount(new DateOnly(2026, 3, 4), 2)],
            days);
        Assert.Empty(DailyCounts.Count([], TimeZoneInfo.Utc));
    }

    [Fact]
    public void ScoreHistogram_BinsByTens_WithOneHundredInTheLastBin()
    {
        double[] scores = [0, 9.99, 10, 55, 59.9, 100, 100, 72.5];
        var histogram = ScoreHistogram.Of(scores, new SuppressionPolicy(5));

        Assert.Null(histogram.Suppressed);
        Assert.Equal(8, histogram.N);
        Assert.Equal([2, 1, 0, 0, 0, 2, 0, 1, 0, 2], histogram.Bins.Select(b => b.Count));
        Assert.Equal(90, histogram.Bins[^1].From);
        Assert.Equal(100, histogram.Bins[^1].To);
    }

    [Fact]
    public void ScoreHistogram_BelowK_IsSuppressed_WithoutItsN()
    {
        var histogram = ScoreHistogram.Of([10, 20, 30], new SuppressionPolicy(5));

        Assert.Equal("suppressed (n<5)", histogram.Suppressed);
        Assert.Null(histogram.N);
        Assert.Empty(histogram.Bins);
    }
}
