using MailKit.Security;

namespace SurveyPlatform.Web.Mail;

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;

    /// <summary>
    /// How the connection is secured: None, StartTls (required), StartTlsWhenAvailable, SslOnConnect
    /// (implicit TLS, usually port 465) or Auto. Unset: <see cref="EnableSsl"/> decides.
    /// </summary>
    public SecureSocketOptions? Security { get; set; }

    /// <summary>The setting from before <see cref="Security"/>: true meant STARTTLS. Read only when Security is unset.</summary>
    public bool EnableSsl { get; set; }

    /// <summary>How long to wait for the server at each step (connecting, each reply).</summary>
    public int TimeoutSeconds { get; set; } = 100;

    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "SurveyPlatform <no-reply@surveyplatform.local>";

    /// <summary>Where .eml files go when no <see cref="Host"/> is set; relative to the content root.</summary>
    public string PickupFolder { get; set; } = "mail-pickup";

    internal SecureSocketOptions EffectiveSecurity =>
        Security ?? (EnableSsl ? SecureSocketOptions.StartTls : SecureSocketOptions.None);
}
