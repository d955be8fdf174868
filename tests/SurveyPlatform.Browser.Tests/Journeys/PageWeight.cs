using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Playwright;

namespace SurveyPlatform.Browser.Tests.Journeys;

/// <summary>
/// Bytes a page load transfers: the document and every subresource it pulls in (CSS, JS, images, fonts), each as
/// response headers plus the response body as it came over the wire (compressed if the server compressed it).
/// Measure a cold load: a new context starts with an empty cache, and a resource served from the browser's cache
/// transfers nothing.
/// </summary>
internal static class PageWeight
{
    /// <summary>Runs <paramref name="navigate"/> (e.g. <c>() => page.GotoAsync(path)</c>), waits until the network is idle, and sums what was transferred.</summary>
    public static async Task<PageWeightReport> MeasureAsync(IPage page, Func<Task> navigate)
    {
        var finished = new ConcurrentQueue<IRequest>();
        var failed = new ConcurrentQueue<IRequest>();
        void OnFinished(object? sender, IRequest request) => finished.Enqueue(request);
        void OnFailed(object? sender, IRequest request) => failed.Enqueue(request);

        page.RequestFinished += OnFinished;
        page.RequestFailed += OnFailed;
        try
        {
            await navigate();
            await page.WaitForLoadStateAsync(LoadState.Load);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }
        finally
        {
            page.RequestFinished -= OnFinished;
            page.RequestFailed -= OnFailed;
        }

        var resources = new List<TransferredResource>();
        foreach (var request in finished)
        {
            var sizes = await request.SizesAsync();
            var response = await request.ResponseAsync();
            resources.Add(new TransferredResource(
                request.Url, request.ResourceType, response?.Status ?? 0, sizes.ResponseHeadersSize, sizes.ResponseBodySize));
        }

        return new PageWeightReport(
            page.Url,
            resources,
            [.. failed.Select(r => $"{r.Method} {r.Url} ({r.ResourceType}): {r.Failure}")]);
    }
}

/// <summary>One response: <see cref="HeaderBytes"/> from the status line to the blank line, <see cref="BodyBytes"/> as received.</summary>
public sealed record TransferredResource(string Url, string ResourceType, int Status, long HeaderBytes, long BodyBytes)
{
    public long TotalBytes => HeaderBytes + BodyBytes;
}

/// <summary>What a page load transferred, resource by resource.</summary>
public sealed record PageWeightReport(string PageUrl, IReadOnlyList<TransferredResource> Resources, IReadOnlyList<string> FailedRequests)
{
    public long TotalBytes => Resources.Sum(r => r.TotalBytes);

    /// <summary>Fails, listing every resource and its size, when the load transferred more than <paramref name="budgetBytes"/>.</summary>
    public void AssertAtMost(long budgetBytes, string state)
    {
        if (TotalBytes > budgetBytes)
        {
            Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"{state} transferred {TotalBytes:N0} bytes, over its budget of {budgetBytes:N0} bytes by {TotalBytes - budgetBytes:N0}.\n{Describe()}"));
        }
    }

    /// <summary>A table of every resource (largest first) with header, body and total bytes, then the total and any failed requests.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Transferred for {PageUrl}: {TotalBytes:N0} bytes in {Resources.Count} response(s)");
        foreach (var resource in Resources.OrderByDescending(r => r.TotalBytes))
        {
            text.AppendLine();
            text.Append(CultureInfo.InvariantCulture,
                $"  {resource.TotalBytes,9:N0} B  (headers {resource.HeaderBytes,6:N0} + body {resource.BodyBytes,9:N0})  {resource.Status} {resource.ResourceType,-10} {resource.Url}");
        }

        foreach (var failure in FailedRequests)
        {
            text.AppendLine();
            text.Append("  failed: ").Append(failure);
        }

        return text.ToString();
    }
}
