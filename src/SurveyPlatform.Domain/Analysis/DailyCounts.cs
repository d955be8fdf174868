namespace SurveyPlatform.Domain.Analysis;

/// <summary>The number of responses submitted on one calendar day of the survey's time zone.</summary>
public readonly record struct DayCount(DateOnly Day, int Count);

/// <summary>Responses over time: a count per day in the survey's time zone, every day from the first to the last present (zeros included), so a chart's gaps are real.</summary>
public static class DailyCounts
{
    /// <summary>At most this many days are returned (the latest ones), so a survey open for years still draws a readable chart.</summary>
    public const int MaxDays = 366;

    public static IReadOnlyList<DayCount> Count(IEnumerable<DateTime> submittedUtc, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(submittedUtc);
        ArgumentNullException.ThrowIfNull(zone);
        var byDay = new SortedDictionary<DateOnly, int>();
        foreach (var utc in submittedUtc)
        {
            var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
            var day = DateOnly.FromDateTime(local);
            byDay[day] = byDay.GetValueOrDefault(day) + 1;
        }

        if (byDay.Count == 0)
        {
            return [];
        }

        var last = byDay.Keys.Last();
        var first = byDay.Keys.First();
        if (last.DayNumber - first.DayNumber >= MaxDays)
        {
            first = last.AddDays(-(MaxDays - 1));
        }

        var days = new List<DayCount>(last.DayNumber - first.DayNumber + 1);
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            days.Add(new DayCount(day, byDay.GetValueOrDefault(day)));
        }

        return days;
    }
}
