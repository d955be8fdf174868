namespace SurveyPlatform.Domain.Surveys;

/// <summary>What the daily retention job does to a closed survey's data once its retention days have passed.</summary>
public enum RetentionAction
{
    /// <summary>Keep everything (the default).</summary>
    None,

    /// <summary>
    /// Delete every response (answers, per-respondent scores, report links), every answering session and
    /// every participant (with their deliveries and links). Scoring runs keep their aggregate results.
    /// </summary>
    Delete,

    /// <summary>
    /// Keep the responses for aggregates, without anything that identifies a person: free-text and date
    /// answers are removed, submission times are kept to the day, imported responses lose their source id,
    /// answering sessions are removed, and participants are removed after their non-identifying
    /// attributes are copied onto their response.
    /// </summary>
    Anonymise,
}
