using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace SurveyPlatform.Browser.Tests.Journeys;

/// <summary>
/// Runs axe-core (pinned in axe/package-lock.json, installed by test.sh with <c>npm ci</c>) in the page and
/// reports WCAG 2.0, 2.1 and 2.2 A/AA violations. The script is injected as an inline script tag, which the
/// app's Content-Security-Policy blocks, so the page's context must be made with
/// <c>host.NewPhoneContextAsync(bypassCsp: true)</c>.
/// </summary>
internal static class Accessibility
{
    /// <summary>The axe rule tags checked: WCAG 2.0, 2.1 and 2.2 at levels A and AA (2.2 added only AA rules).</summary>
    public static readonly IReadOnlyList<string> Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    private const string AxeEnvironmentVariable = "AXE_PATH";
    private const string AxeInProject = "axe/node_modules/axe-core/axe.min.js";
    private const string AxeInRepository = "tests/SurveyPlatform.Browser.Tests/" + AxeInProject;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly Lazy<string> ScriptPath = new(FindAxeScript);

    /// <summary>axe.min.js: $AXE_PATH (set by test.sh), else found from the test assembly's folder upwards.</summary>
    public static string AxeScriptPath => ScriptPath.Value;

    /// <summary>Injects axe-core into the page (once) and returns every WCAG A/AA violation in the current document.</summary>
    public static async Task<IReadOnlyList<AxeViolation>> RunAsync(IPage page) => (await RunWithVersionAsync(page)).Violations;

    /// <summary>Fails with every violation and the nodes that fail it, naming <paramref name="state"/> (what was on screen).</summary>
    public static async Task AssertNoViolationsAsync(IPage page, string state)
    {
        var (version, violations) = await RunWithVersionAsync(page);
        if (violations.Count > 0)
        {
            Assert.Fail(Describe(violations, state, version));
        }
    }

    /// <summary>A readable report: one block per rule (impact, help, link), one line per failing node with its selector and HTML.</summary>
    public static string Describe(IReadOnlyList<AxeViolation> violations, string state, string? axeVersion = null)
    {
        var text = new StringBuilder();
        var nodes = violations.Sum(v => v.Nodes.Count);
        text.Append(CultureInfo.InvariantCulture,
            $"axe-core{(axeVersion is null ? string.Empty : " " + axeVersion)} found {violations.Count} rule violation(s) on {nodes} node(s) in {state} ");
        text.Append(CultureInfo.InvariantCulture, $"(tags {string.Join(", ", Tags)}; URL {(violations.Count > 0 ? violations[0].PageUrl : "?")}):");
        var number = 0;
        foreach (var violation in violations)
        {
            number++;
            text.AppendLine();
            text.Append(CultureInfo.InvariantCulture,
                $"{number}. {violation.Id} [{(violation.Impact.Length > 0 ? violation.Impact : "no impact given")}]: {violation.Help} ({violation.HelpUrl})");
            foreach (var node in violation.Nodes)
            {
                text.AppendLine();
                text.Append(CultureInfo.InvariantCulture, $"   - {string.Join(" | ", node.Target)}  {Shorten(node.Html, 300)}");
                foreach (var line in node.FailureSummary.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    text.AppendLine();
                    text.Append("       ").Append(line);
                }
            }
        }

        return text.ToString();
    }

    private static async Task<(string Version, IReadOnlyList<AxeViolation> Violations)> RunWithVersionAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe?.run === 'function'"))
        {
            try
            {
                await page.AddScriptTagAsync(new() { Path = AxeScriptPath });
            }
            catch (PlaywrightException e)
            {
                throw new InvalidOperationException(
                    $"Could not inject {AxeScriptPath} into {page.Url}; was the context made with bypassCsp: true? {e.Message}", e);
            }

            if (!await page.EvaluateAsync<bool>("() => typeof window.axe?.run === 'function'"))
            {
                throw new InvalidOperationException(
                    $"axe-core did not load in {page.Url}. The app's Content-Security-Policy (script-src 'self') blocks the injected "
                    + "script unless the context is made with bypassCsp: true (BrowserHost.NewPhoneContextAsync).");
            }
        }

        var json = await page.EvaluateAsync<string>(
            """
            async (tags) => {
              const results = await window.axe.run(document, {
                runOnly: { type: 'tag', values: tags },
                resultTypes: ['violations'],
              });
              return JSON.stringify({
                version: window.axe.version,
                violations: results.violations.map(v => ({
                  id: v.id,
                  impact: v.impact ?? '',
                  help: v.help,
                  helpUrl: v.helpUrl,
                  pageUrl: results.url,
                  nodes: v.nodes.map(n => ({
                    target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : String(t)),
                    html: n.html,
                    failureSummary: n.failureSummary ?? '',
                  })),
                })),
              });
            }
            """,
            Tags);
        var result = JsonSerializer.Deserialize<AxeResult>(json, Json)
            ?? throw new InvalidOperationException($"axe-core returned nothing readable: {json}");
        return (result.Version, result.Violations);
    }

    private static string FindAxeScript()
    {
        if (Environment.GetEnvironmentVariable(AxeEnvironmentVariable) is { Length: > 0 } configured)
        {
            return File.Exists(configured)
                ? configured
                : throw new FileNotFoundException(
                    $"{AxeEnvironmentVariable} is {configured}, which does not exist. Run ./test.sh, or `npm ci` in tests/SurveyPlatform.Browser.Tests/axe.",
                    configured);
        }

        // From bin/<configuration>/net10.0 upwards: the test project's folder holds axe/, the repository root holds tests/.
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(folder.FullName, AxeInProject), Path.Combine(folder.FullName, AxeInRepository) })
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException(
            $"axe-core is not installed: no {AxeInRepository} above {AppContext.BaseDirectory} and {AxeEnvironmentVariable} is not set. "
            + "Run ./test.sh, or `npm ci` in tests/SurveyPlatform.Browser.Tests/axe before `dotnet test`.");
    }

    private static string Shorten(string text, int length)
    {
        var oneLine = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= length ? oneLine : string.Concat(oneLine.AsSpan(0, length), "…");
    }

    private sealed record AxeResult(string Version, IReadOnlyList<AxeViolation> Violations);
}

/// <summary>One axe rule the page breaks: its id (e.g. image-alt), impact (minor to critical), what it asks and every failing node.</summary>
public sealed record AxeViolation(string Id, string Impact, string Help, string HelpUrl, string PageUrl, IReadOnlyList<AxeNode> Nodes);

/// <summary>A failing element: its CSS selector path (frames and shadow roots joined by " >>> "), its HTML and axe's explanation.</summary>
public sealed record AxeNode(IReadOnlyList<string> Target, string Html, string FailureSummary);
