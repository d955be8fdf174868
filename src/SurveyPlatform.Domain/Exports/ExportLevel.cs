namespace SurveyPlatform.Domain.Exports;

/// <summary>
/// How much of the response data a download carries, lowest first (so a level is "above" another
/// when it compares greater). De-identified is REDCap's: free text dropped, dates as days from the
/// first submission, response ids replaced by a row number, and only the participant attributes the
/// owner marked non-identifying.
/// </summary>
public enum ExportLevel
{
    DeIdentified,
    Full,
}
