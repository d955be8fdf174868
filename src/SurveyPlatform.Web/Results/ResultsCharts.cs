using System.Xml.Linq;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;
using Svg.Skia;
using SurveyPlatform.Domain.Analysis;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Scoring.Benchmarks;
using SurveyPlatform.Domain.Scoring.Engine;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Results.Charts;
using SurveyPlatform.Web.Scoring;

namespace SurveyPlatform.Web.Results;

/// <summary>What the Results page's overview shows: the response funnel and the responses per day.</summary>
public sealed record ResultsOverview(ResponseFunnel Funnel, IReadOnlyList<DayCount> Days);

/// <summary>
/// The Results page's figures that are not in a run's results document (the funnel, responses per
/// day, the readiness histogram), and every chart by its id, rendered by the same component the
/// page shows, as SVG or PNG.
/// </summary>
public sealed class ResultsCharts(AppDbContext db, IServiceProvider services, ILoggerFactory loggerFactory)
{
    /// <summary>PNG pixels per SVG user unit: a 400-unit chart becomes 1200 pixels wide, sharp on a slide.</summary>
    public const float PngScale = 3f;

    public async Task<ResultsOverview> OverviewAsync(Survey survey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(survey);
        var invited = await db.Participants.CountAsync(p => p.SurveyId == survey.Id, cancellationToken);
        var open = await db.ResponseSessions.CountAsync(s => s.SurveyId == survey.Id && s.CompletedAt == null, cancellationToken);
        var submitted = await db.Responses.AsNoTracking().Where(r => r.SurveyId == survey.Id).Select(r => r.SubmittedAt).ToListAsync(cancellationToken);
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(survey.TimeZone, out var z) ? z : TimeZoneInfo.Utc;
        return new ResultsOverview(ResponseFunnel.From(invited, open, submitted.Count), DailyCounts.Count(submitted, zone));
    }

    /// <summary>The run's overall readiness scores in bins of ten, suppressed below the run's k.</summary>
    public async Task<ScoreHistogram> HistogramAsync(Guid runId, ScoringResults results, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(results);
        var scores = await db.RespondentScores.AsNoTracking()
            .Where(s => s.RunId == runId && s.Overall != null)
            .Select(s => s.Overall!.Value)
            .ToListAsync(cancellationToken);
        return ScoreHistogram.Of(scores, new SuppressionPolicy(Math.Max(SuppressionPolicy.MinimumK, results.K)));
    }

    /// <summary>
    /// The chart with this id as a standalone SVG document, or null when the survey has no such
    /// chart: funnel and responses-per-day need no run; the others come from the run's results.
    /// </summary>
    public async Task<string?> SvgAsync(Survey survey, ScoringRun? run, string chart, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(chart);
        (Type Component, Dictionary<string, object?> Parameters)? found = null;
        if (chart is ChartFormat.FunnelId or ChartFormat.DailyId)
        {
            var overview = await OverviewAsync(survey, cancellationToken);
            found = chart == ChartFormat.FunnelId
                ? (typeof(FunnelSvg), new() { [nameof(FunnelSvg.Funnel)] = overview.Funnel })
                : (typeof(DailyResponsesSvg), new() { [nameof(DailyResponsesSvg.Days)] = overview.Days });
        }
        else if (run is not null && await RunResults.ReadAsync(db, run.Id, cancellationToken) is { } results)
        {
            found = await RunChartAsync(run, results, chart, cancellationToken);
        }

        if (found is not { } f)
        {
            return null;
        }

        await using var renderer = new HtmlRenderer(services, loggerFactory);
        var svg = await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync(f.Component, ParameterView.FromDictionary(f.Parameters))).ToHtmlString());
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg.Trim();
    }

    private async Task<(Type, Dictionary<string, object?>)?> RunChartAsync(ScoringRun run, ScoringResults results, string chart, CancellationToken cancellationToken)
    {
        if (results.Options.FirstOrDefault(t => ChartFormat.OptionsId(t) == chart) is { } table)
        {
            return (typeof(ShareBarSvg), new() { [nameof(ShareBarSvg.Table)] = table, [nameof(ShareBarSvg.ChartId)] = chart });
        }

        if (results.Questions.FirstOrDefault(q => ChartFormat.QuestionId(q.Code) == chart && q.Suppressed is null && QuestionSvg.HasChart(q)) is { } question)
        {
            return (typeof(QuestionSvg), new() { [nameof(QuestionSvg.Question)] = question, [nameof(QuestionSvg.ChartId)] = chart });
        }

        if (results.Jtbd?.Segments.FirstOrDefault(s => ChartFormat.QuadrantId(s) == chart) is { } segment)
        {
            return (typeof(QuadrantSvg), new() { [nameof(QuadrantSvg.Segment)] = segment, [nameof(QuadrantSvg.ChartId)] = chart });
        }

        if (results.Overall is null)
        {
            return null;
        }

        return chart switch
        {
            ChartFormat.HistogramId => (typeof(ReadinessHistogramSvg), new() { [nameof(ReadinessHistogramSvg.Histogram)] = await HistogramAsync(run.Id, results, cancellationToken) }),
            ChartFormat.MaturityId when results.Maturity is { } maturity => (typeof(MaturitySvg), new() { [nameof(MaturitySvg.Table)] = maturity }),
            ChartFormat.DimensionsId when results.Dimensions.Count > 0 => (typeof(DimensionMeansSvg), new() { [nameof(DimensionMeansSvg.Results)] = results }),
            _ => null,
        };
    }

    /// <summary>
    /// Rasterises a chart's SVG to PNG on a white background. The page's SVG is 100% wide (it scales
    /// with its column), so the size is taken from its viewBox.
    /// </summary>
    public static byte[] ToPng(string svg)
    {
        ArgumentNullException.ThrowIfNull(svg);
        var document = XDocument.Parse(svg);
        var root = document.Root!;
        if (root.Attribute("viewBox")?.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, _, var w, var h])
        {
            root.SetAttributeValue("width", w);
            root.SetAttributeValue("height", h);
        }

        using var picture = new SKSvg();
        using var input = new MemoryStream();
        document.Save(input, SaveOptions.DisableFormatting);
        input.Position = 0;
        if (picture.Load(input) is null)
        {
            throw new InvalidOperationException("The chart's SVG could not be read for PNG rendering.");
        }

        using var output = new MemoryStream();
        if (!picture.Save(output, SKColors.White, SKEncodedImageFormat.Png, 100, PngScale, PngScale))
        {
            throw new InvalidOperationException("The chart could not be rendered as PNG.");
        }

        return output.ToArray();
    }
}
