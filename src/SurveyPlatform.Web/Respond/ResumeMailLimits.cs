using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace SurveyPlatform.Web.Respond;

/// <summary>Which hourly limit refused a resume-link e-mail, if any.</summary>
public enum ResumeMailRefusal
{
    None,
    Client,
    Address,
    Survey,
}

public sealed class ResumeMailOptions
{
    public const string Section = "Respond:ResumeMail";

    public int PerClientPerHour { get; set; } = 10;
    public int PerAddressPerHour { get; set; } = 3;
    public int PerSurveyPerHour { get; set; } = 200;
}

/// <summary>
/// Hourly limits on e-mailed resume links, beyond the five per response session (sessions are free
/// on a public survey): per client address, per recipient address and per survey, so the form
/// cannot be used to send mail to anyone at will. A message is sent only if all three allow it, and
/// only then does it count. Held in memory: each app instance counts on its own, and a restart
/// starts afresh. Recipients are kept as hashes, never as addresses.
/// </summary>
public sealed class ResumeMailLimits(IOptions<ResumeMailOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (DateTimeOffset Start, int Count)> _windows = new(StringComparer.Ordinal);
    private DateTimeOffset _pruned = DateTimeOffset.MinValue;

    /// <summary>Counts one message if every limit allows it; otherwise counts nothing and says which limit refused.</summary>
    public ResumeMailRefusal TryTake(string client, string address, Guid surveyId)
    {
        ArgumentNullException.ThrowIfNull(address);
        var limits = options.Value;
        var keys = new (string Key, int Limit, ResumeMailRefusal Kind)[]
        {
            ("client:" + client, limits.PerClientPerHour, ResumeMailRefusal.Client),
            ("address:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(address.Trim().ToLowerInvariant()))), limits.PerAddressPerHour, ResumeMailRefusal.Address),
            ("survey:" + surveyId.ToString("N"), limits.PerSurveyPerHour, ResumeMailRefusal.Survey),
        };

        lock (_gate)
        {
            var now = clock.GetUtcNow();
            Prune(now);
            foreach (var (key, limit, kind) in keys)
            {
                if (_windows.TryGetValue(key, out var window) && now - window.Start < Window ? window.Count >= limit : limit <= 0)
                {
                    return kind;
                }
            }

            foreach (var (key, _, _) in keys)
            {
                _windows[key] = _windows.TryGetValue(key, out var window) && now - window.Start < Window
                    ? (window.Start, window.Count + 1)
                    : (now, 1);
            }

            return ResumeMailRefusal.None;
        }
    }

    // Entries exist only for messages sent, so the table is bounded by the mail actually sent in an hour.
    private void Prune(DateTimeOffset now)
    {
        if (now - _pruned < TimeSpan.FromMinutes(1))
        {
            return;
        }

        foreach (var key in _windows.Where(w => now - w.Value.Start >= Window).Select(w => w.Key).ToList())
        {
            _windows.Remove(key);
        }

        _pruned = now;
    }
}
