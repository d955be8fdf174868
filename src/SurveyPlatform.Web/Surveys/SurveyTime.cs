using System.Globalization;

namespace SurveyPlatform.Web.Surveys;

/// <summary>Times as owners enter and read them: wall-clock time in the survey's time zone, stored as UTC.</summary>
public static class SurveyTime
{
    /// <summary>Zones offered in the settings; any IANA id is accepted.</summary>
    public static readonly IReadOnlyList<string> Common =
    [
        "UTC", "Europe/London", "Europe/Dublin", "Europe/Berlin", "Europe/Paris", "Europe/Zurich", "Europe/Amsterdam",
        "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Toronto",
        "Asia/Singapore", "Asia/Tokyo", "Australia/Sydney",
    ];

    /// <summary>A wall-clock time in <paramref name="zoneId"/> as UTC; a time the clocks skip (spring forward) is an error.</summary>
    public static (DateTime? Utc, string? Error) ToUtc(DateTime? local, string zoneId)
    {
        if (local is not { } value)
        {
            return (null, null);
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var unspecified = DateTime.SpecifyKind(value, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(unspecified))
        {
            return (null, $"{value.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} does not exist in {zone.Id}: the clocks skip it. Choose another time.");
        }

        return (TimeZoneInfo.ConvertTimeToUtc(unspecified, zone), null);
    }

    public static DateTime? ToLocal(DateTime? utc, string zoneId) =>
        utc is { } value ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeZoneInfo.FindSystemTimeZoneById(zoneId)) : null;

    /// <summary>For respondents: "15 January 2027, 10:00 Europe/Berlin" in their language.</summary>
    public static string ShowLong(DateTime utc, string zoneId, CultureInfo culture) =>
        $"{ToLocal(utc, zoneId)!.Value.ToString("d MMMM yyyy, HH:mm", culture)} {zoneId}";

    /// <summary>For display: "2027-01-15 10:00 Europe/Berlin".</summary>
    public static string Show(DateTime utc, string zoneId) =>
        $"{ToLocal(utc, zoneId)!.Value.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} {zoneId}";
}
