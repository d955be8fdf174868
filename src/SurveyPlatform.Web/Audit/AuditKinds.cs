namespace SurveyPlatform.Web.Audit;

/// <summary>The kinds of event the audit trail records (the <see cref="AuditEntry.Kind"/> column).</summary>
public static class AuditKinds
{
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";

    /// <summary>The password was right and the account needs its second factor next.</summary>
    public const string SignInNeedsSecondFactor = "sign-in-second-factor";
    /// <summary>A sign-in attempt refused by the per-address or per-account rate limit.</summary>
    public const string SignInRefused = "sign-in-refused";
    public const string TwoFactorEnabled = "two-factor-enabled";
    public const string TwoFactorDisabled = "two-factor-disabled";
    public const string RecoveryCodesMade = "recovery-codes-made";
    public const string AccountDisabled = "account-disabled";
    public const string AccountEnabled = "account-enabled";
    public const string RetentionApplied = "retention-applied";
    public const string Erasure = "erasure";
    public const string UserInvited = "user-invited";
    public const string RolesChanged = "roles-changed";
    public const string SurveyShared = "survey-shared";
    public const string SurveyUnshared = "survey-unshared";
    public const string SurveyPublished = "survey-published";
    public const string SurveyClosed = "survey-closed";
    public const string SurveyReopened = "survey-reopened";
    public const string SurveyDeleted = "survey-deleted";
    public const string SettingsChanged = "settings-changed";
    public const string Rescore = "rescore";
    public const string ScoringModelChanged = "scoring-model-changed";
    public const string ParticipantsChanged = "participants-changed";
    public const string ParticipantDeleted = "participant-deleted";
    public const string ResponsesImported = "responses-imported";
    public const string ResponseDeleted = "response-deleted";
    public const string Download = "download";
    public const string AuditExported = "audit-exported";

    /// <summary>A scoring run's results released, by the owner or by sending respondent reports; the survey cannot be reopened after.</summary>
    public const string ResultsReleased = "results-released";

    public static readonly IReadOnlyList<string> All =
    [
        SignIn, SignInFailed, SignInNeedsSecondFactor, SignInRefused, TwoFactorEnabled, TwoFactorDisabled, RecoveryCodesMade,
        AccountDisabled, AccountEnabled, RetentionApplied, Erasure, UserInvited, RolesChanged, SurveyShared, SurveyUnshared, SurveyPublished, SurveyClosed, SurveyReopened,
        SurveyDeleted, SettingsChanged, Rescore, ScoringModelChanged, ParticipantsChanged, ParticipantDeleted,
        ResponsesImported, ResponseDeleted, Download, AuditExported, ResultsReleased,
    ];
}
