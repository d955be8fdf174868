namespace SurveyPlatform.Web.Mail;

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public bool EnableSsl { get; set; }
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "SurveyPlatform <no-reply@surveyplatform.local>";

    /// <summary>Where .eml files go when no <see cref="Host"/> is set; relative to the content root.</summary>
    public string PickupFolder { get; set; } = "mail-pickup";
}
