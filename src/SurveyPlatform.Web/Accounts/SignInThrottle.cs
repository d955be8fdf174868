using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace SurveyPlatform.Web.Accounts;

/// <summary>The sign-in rate limits (configuration section <c>SignIn</c>); see docs/configuration.md.</summary>
public sealed class SignInLimits
{
    public const string Section = "SignIn";

    /// <summary>Password and code attempts from one client address per window.</summary>
    public int AttemptsPerAddress { get; set; } = 30;

    /// <summary>Password and code attempts for one e-mail address per window, whether or not an account has it.</summary>
    public int AttemptsPerAccount { get; set; } = 10;

    public int WindowSeconds { get; set; } = 60;
}

/// <summary>
/// Counts sign-in attempts (the password step and the code step) per client address and per e-mail
/// address typed, in fixed windows, in this process's memory. The per-account count is kept for
/// unknown addresses too, so a refusal says nothing about whether an account exists. It is separate
/// from Identity's lockout (which counts wrong passwords on real accounts only), and it is checked
/// before any password is hashed, so a flood costs no hashing.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _addresses;
    private readonly PartitionedRateLimiter<string> _accounts;

    public SignInThrottle(IOptions<SignInLimits> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limits = options.Value;
        Window = TimeSpan.FromSeconds(Math.Max(1, limits.WindowSeconds));
        _addresses = Limiter(limits.AttemptsPerAddress, Window);
        _accounts = Limiter(limits.AttemptsPerAccount, Window);
    }

    public TimeSpan Window { get; }

    /// <summary>Takes one attempt from both counts; returns null when allowed, or how long to wait when not.</summary>
    /// <param name="address">The client's address (the connection's, after forwarded headers are applied).</param>
    /// <param name="account">The e-mail address, normalised as Identity normalises it.</param>
    public TimeSpan? Refuse(string? address, string account)
    {
        using var byAddress = _addresses.AttemptAcquire(address ?? "unknown");
        if (!byAddress.IsAcquired)
        {
            return WaitOf(byAddress);
        }

        using var byAccount = _accounts.AttemptAcquire(account);
        return byAccount.IsAcquired ? null : WaitOf(byAccount);
    }

    public void Dispose()
    {
        _addresses.Dispose();
        _accounts.Dispose();
    }

    private TimeSpan WaitOf(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero ? retryAfter : Window;

    private static PartitionedRateLimiter<string> Limiter(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permits),
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
}
