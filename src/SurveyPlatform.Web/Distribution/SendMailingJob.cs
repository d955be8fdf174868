using Hangfire;

namespace SurveyPlatform.Web.Distribution;

/// <summary>
/// The mailing job. Each delivery's "sent" mark, claimed in the transaction that sends it, decides
/// (<see cref="MailingSender.SendAsync"/>), so copies of this job (a retry, a re-queue after a
/// restart, another node) never send a message twice. A mailing can run for hours at its rate,
/// longer than a storage lock can be trusted, so no lock is taken here.
/// </summary>
public sealed class SendMailingJob(MailingSender sender)
{
    [JobDisplayName("Send mailing {0}")]
    [AutomaticRetry(Attempts = 4, DelaysInSeconds = [10, 20, 40, 80], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public Task RunAsync(Guid mailingId, CancellationToken cancellationToken) => sender.SendAsync(mailingId, cancellationToken);
}
