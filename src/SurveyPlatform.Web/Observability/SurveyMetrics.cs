using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SurveyPlatform.Web.Observability;

/// <summary>
/// The app's own measurements (meter <c>SurveyPlatform</c>), exported with OpenTelemetry when it is
/// configured (docs/deploy.md, "Observability"). Tags are low-cardinality names, never survey ids,
/// addresses or tokens.
/// </summary>
public sealed class SurveyMetrics
{
    public const string MeterName = "SurveyPlatform";
    public const string ActivitySourceName = "SurveyPlatform";

    /// <summary>Spans around background jobs; the request spans come from ASP.NET Core.</summary>
    public static readonly ActivitySource Activities = new(ActivitySourceName);

    private readonly Counter<long> _responsesSaved;
    private readonly Counter<long> _submissions;
    private readonly Counter<long> _jobRuns;
    private readonly Histogram<double> _jobDuration;
    private readonly Counter<long> _mailSent;
    private readonly Counter<long> _mailFailed;

    public SurveyMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _responsesSaved = meter.CreateCounter<long>("surveyplatform.responses.saved", "{save}", "Respondent pages saved (every page post the app stored, the last one included).");
        _submissions = meter.CreateCounter<long>("surveyplatform.submissions", "{response}", "Responses completed by respondents.");
        _jobRuns = meter.CreateCounter<long>("surveyplatform.jobs.runs", "{run}", "Background job executions, by job and outcome (succeeded or failed).");
        _jobDuration = meter.CreateHistogram<double>("surveyplatform.jobs.duration", "s", "How long a background job execution took, by job and outcome.");
        _mailSent = meter.CreateCounter<long>("surveyplatform.mail.sent", "{message}", "E-mails handed to the SMTP server (or the pickup folder).");
        _mailFailed = meter.CreateCounter<long>("surveyplatform.mail.failed", "{message}", "E-mails the SMTP server refused or that could not be sent.");
    }

    public void ResponseSaved() => _responsesSaved.Add(1);

    public void Submitted() => _submissions.Add(1);

    public void JobRan(string job, bool succeeded, TimeSpan duration)
    {
        var tags = new TagList { { "job", job }, { "outcome", succeeded ? "succeeded" : "failed" } };
        _jobRuns.Add(1, tags);
        _jobDuration.Record(duration.TotalSeconds, tags);
    }

    public void MailSent() => _mailSent.Add(1);

    public void MailFailed() => _mailFailed.Add(1);
}
