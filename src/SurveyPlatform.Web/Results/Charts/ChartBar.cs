using SurveyPlatform.Domain.Scoring.Engine;

namespace SurveyPlatform.Web.Results.Charts;

/// <summary>One bar of a generic bar or column chart: its value, the text shown for it and an optional interval.</summary>
public sealed record ChartBar(string Key, string Label, double Value, string Text, Bounds? Interval = null);

/// <summary>One estimate with its interval (a dot and whisker), or the suppression label that replaces it.</summary>
public sealed record ChartInterval(string Key, string Label, double? Value, Bounds? Interval, string? Suppressed, int? N = null);

/// <summary>A labelled group of estimates, such as one dimension's means by segment.</summary>
public sealed record ChartIntervalGroup(string Label, IReadOnlyList<ChartInterval> Items);
