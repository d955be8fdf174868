using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace SurveyPlatform.Browser.Tests.Journeys;

/// <summary>The real app on a Kestrel port with a throwaway SQLite file, and Debian's Chromium driven by Playwright.</summary>
public sealed class BrowserHost : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string OwnerEmail = "owner@example.org";
    public const string OwnerPassword = "a long enough password";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sp-browser", Guid.NewGuid().ToString("N"));
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = string.Empty;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_folder);
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Default", $"Data Source={Path.Combine(_folder, "app.db")}");
        builder.UseSetting("DemoData:Enabled", "false");
        builder.UseSetting("Bootstrap:AdminEmail", OwnerEmail);
        builder.UseSetting("Bootstrap:AdminPassword", OwnerPassword);
        builder.UseSetting("Smtp:Host", string.Empty);
        builder.UseSetting("Smtp:PickupFolder", Path.Combine(_folder, "mail"));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }

    public async Task InitializeAsync()
    {
        UseKestrel(0);
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A desktop context for the owner; downloads are kept so the CSV can be read.</summary>
    public Task<IBrowserContext> NewOwnerContextAsync() => NewContextAsync(new()
    {
        BaseURL = BaseUrl,
        AcceptDownloads = true,
        ViewportSize = new() { Width = 1280, Height = 900 },
    });

    /// <summary>
    /// A fresh context (no cookies, empty cache) sized like a phone, for a respondent; 390×844 unless told.
    /// <paramref name="bypassCsp"/> lets a check inject a script the app's Content-Security-Policy
    /// (script-src 'self') would block, such as axe-core (<see cref="Accessibility"/>); journeys leave it off
    /// so they run under the policy real respondents get. <paramref name="javaScriptEnabled"/> off checks the pages
    /// respondents get without scripts.
    /// </summary>
    public Task<IBrowserContext> NewPhoneContextAsync(int width = 390, int height = 844, bool bypassCsp = false, bool javaScriptEnabled = true) => NewContextAsync(new()
    {
        BaseURL = BaseUrl,
        ViewportSize = new() { Width = width, Height = height },
        IsMobile = true,
        HasTouch = true,
        BypassCSP = bypassCsp,
        JavaScriptEnabled = javaScriptEnabled,
    });

    private async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions options)
    {
        var context = await Browser.NewContextAsync(options);
        // Fail a step well before the xunit run would hang; the scoring wait polls on its own.
        context.SetDefaultTimeout(10_000);
        context.SetDefaultNavigationTimeout(15_000);
        Assertions.SetDefaultExpectTimeout(10_000);
        return context;
    }

    public new async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp cleaner.
        }
    }
}
