using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Tests.Infrastructure;

/// <summary>The real app in-process, on a real database, with mail going to the loopback SMTP server.</summary>
public sealed class AppFactory(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@example.org";
    public const string AdminPassword = "correct horse battery";

    public StringWriter SetupOutput { get; } = new();
    public TestDatabase Database => database;

    /// <summary>Replaces the app's clock (TimeProvider), e.g. with an <see cref="AdjustableClock"/>.</summary>
    public TimeProvider? Clock { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        var all = new Dictionary<string, string?>
        {
            ["Database:Provider"] = database.Kind.ToString(),
            ["ConnectionStrings:Default"] = database.ConnectionString,
            ["DemoData:Enabled"] = "false",
            ["Bootstrap:AdminEmail"] = AdminEmail,
            ["Bootstrap:AdminPassword"] = AdminPassword,
            ["Smtp:Host"] = Environment.GetEnvironmentVariable("TEST_SMTP_HOST") ?? string.Empty,
            ["Smtp:Port"] = Environment.GetEnvironmentVariable("TEST_SMTP_PORT") ?? "25",
            ["Smtp:PickupFolder"] = Path.Combine(Path.GetTempPath(), "sp-tests", "pickup"),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        foreach (var (key, value) in all)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.AddSingleton(new SetupNotice(SetupOutput));
            if (Clock is not null)
            {
                services.AddSingleton(Clock);
            }
        });
    }

    public HtmlSession Session() => new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true }));

    public async Task<HtmlSession> SignedInAsync(string email = AdminEmail, string password = AdminPassword)
    {
        var session = Session();
        await session.SignInAsync(email, password);
        return session;
    }

    /// <summary>Creates a user directly (test arrangement), with the given roles.</summary>
    public async Task<string> CreateUserAsync(string email, string password, params string[] roles)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded && roles.Length > 0)
        {
            result = await users.AddToRolesAsync(user, roles);
        }

        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        return user.Id;
    }

    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public static readonly string[] OwnerRoles = [Roles.SurveyOwner];
}
