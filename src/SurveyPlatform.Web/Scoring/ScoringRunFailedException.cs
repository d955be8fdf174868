using SurveyPlatform.Domain.Scoring;

namespace SurveyPlatform.Web.Scoring;

/// <summary>
/// A scoring run failed on its final attempt (<see cref="ScoringRun.MaxAttempts"/>): the run records
/// the error, and the job fails with this, so the job system shows it as failed and does not retry it.
/// </summary>
public sealed class ScoringRunFailedException : Exception
{
    public ScoringRunFailedException()
    {
    }

    public ScoringRunFailedException(string message)
        : base(message)
    {
    }

    public ScoringRunFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ScoringRunFailedException(ScoringRun run, Exception innerException)
        : base($"Scoring run {run?.Id} of survey {run?.SurveyId} failed on its final attempt ({run?.Attempts} of {ScoringRun.MaxAttempts}): {run?.Error}", innerException)
    {
        RunId = run?.Id;
    }

    public Guid? RunId { get; }
}
