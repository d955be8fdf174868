using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Accounts;

public static class AccountsServiceCollectionExtensions
{
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddIdentity<AppUser, IdentityRole>(o =>
            {
                // NIST SP 800-63B: length, not composition rules; and no password from a breach list.
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.User.RequireUniqueEmail = true;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders()
            // Recovery codes are kept as hashes, not in plain text (HashedRecoveryCodeUserStore).
            .AddUserStore<HashedRecoveryCodeUserStore>()
            .AddPasswordValidator<CommonPasswordValidator>();
        services.AddSingleton<CommonPasswords>();

        services.AddOptions<SessionSettings>()
            .BindConfiguration(SessionSettings.Section)
            .Validate(s => s.IdleTimeout > TimeSpan.Zero && s.AbsoluteTimeout > TimeSpan.Zero && s.ValidationInterval > TimeSpan.Zero,
                $"{SessionSettings.Section}: IdleTimeout, AbsoluteTimeout and ValidationInterval must be positive time spans such as 00:30:00.")
            .ValidateOnStart();

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "sp.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.SlidingExpiration = true;
        });
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<SessionSettings>>((o, settings) =>
            {
                o.ExpireTimeSpan = settings.Value.IdleTimeout;
                // Identity's own handler checks the security stamp; the absolute timeout runs first.
                var checkSecurityStamp = o.Events.OnValidatePrincipal;
                o.Events.OnValidatePrincipal = context => SessionLifetime.OnValidatePrincipalAsync(context, checkSecurityStamp);
                o.Events.OnSigningIn = SessionLifetime.OnSigningInAsync;
            });

        // A disabled account, a removed role or a changed password (all update the security stamp)
        // reach signed-in sessions within this interval, not at cookie expiry.
        services.AddOptions<SecurityStampValidatorOptions>()
            .Configure<IOptions<SessionSettings>>((o, settings) =>
            {
                o.ValidationInterval = settings.Value.ValidationInterval;
                o.OnRefreshingPrincipal = SessionLifetime.OnRefreshingPrincipalAsync;
            });

        services.AddAuthorizationBuilder()
            // Every page requires a signed-in user unless it says [AllowAnonymous].
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Administrators, p => p.RequireRole(Roles.Administrator))
            .AddPolicy(Policies.SurveyOwners, p => p.RequireRole(Roles.SurveyOwner));

        services.AddSingleton<FirstRunSetup>();
        services.AddSingleton<SetupNotice>();
        AddSignInProtection(services);
        return services;
    }

    /// <summary>Two-factor authentication, the password step's even timing and the sign-in rate limits (SignIn:*).</summary>
    private static void AddSignInProtection(IServiceCollection services)
    {
        services.AddOptions<SignInLimits>().BindConfiguration(SignInLimits.Section);
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<DummyPasswordHash>();
        services.AddScoped<AccountSignIn>();
        services.AddScoped<AuthenticatorApps>();
    }
}
