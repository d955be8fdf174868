using MimeKit;

namespace SurveyPlatform.Web.Mail;

public static class MailServiceCollectionExtensions
{
    public static IServiceCollection AddMail(this IServiceCollection services, IConfiguration configuration)
    {
        // Checked at start: a typo in Smtp:Security or Smtp:From should stop the app, not every message.
        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection("Smtp"))
            .Validate(o => MailboxAddress.TryParse(o.From, out _), "Smtp:From is not an e-mail address (e.g. \"SurveyPlatform <surveys@example.org>\").")
            .Validate(o => o.TimeoutSeconds is > 0 and <= int.MaxValue / 1000, "Smtp:TimeoutSeconds must be a positive number of seconds.")
            .Validate(o => o.Port is >= 0 and <= 65535, "Smtp:Port must be between 0 and 65535.")
            .ValidateOnStart();
        services.AddSingleton<IMailSender, SmtpMailSender>();
        return services;
    }
}
