using Hangfire;

namespace SurveyPlatform.Web.Reports;

/// <summary>
/// The report e-mails of one scoring run. Each delivery's "sent" mark, claimed in the transaction that
/// sends it, decides (<see cref="ReportMailer.SendAsync"/>), so copies of this job never mail twice.
/// </summary>
public sealed class SendReportsJob(ReportMailer mailer)
{
    [JobDisplayName("Send report e-mails of scoring run {0}")]
    [AutomaticRetry(Attempts = Domain.Reports.ReportDelivery.MaxAttempts, DelaysInSeconds = [10, 20, 40, 80], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public Task RunAsync(Guid runId, CancellationToken cancellationToken) => mailer.SendAsync(runId, cancellationToken);
}
