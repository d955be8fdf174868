using SurveyPlatform.Domain.Exports;

namespace SurveyPlatform.Web.Results;

/// <summary>
/// One completed download: who took which survey's data, when, in which format and at which level,
/// and how many data rows it held. Written after the last byte was sent, so an aborted download
/// leaves no row. The user's e-mail is copied so the log still reads after the account is deleted.
/// </summary>
public sealed class DownloadAudit
{
    public const int FormatMaxLength = 32;
    public const int UserEmailMaxLength = 256;

    private DownloadAudit()
    {
        UserId = null!;
        UserEmail = null!;
        Format = null!;
    }

    public DownloadAudit(Guid surveyId, string userId, string userEmail, DateTime at, string format, ExportLevel level, long rows)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(format);
        Id = Guid.NewGuid();
        SurveyId = surveyId;
        UserId = userId;
        UserEmail = userEmail.Length > UserEmailMaxLength ? userEmail[..UserEmailMaxLength] : userEmail;
        At = at;
        Format = format;
        Level = level;
        Rows = rows;
    }

    public Guid Id { get; private set; }
    public Guid SurveyId { get; private set; }
    public string UserId { get; private set; }
    public string UserEmail { get; private set; }
    public DateTime At { get; private set; }
    public string Format { get; private set; }
    public ExportLevel Level { get; private set; }
    public long Rows { get; private set; }
}
