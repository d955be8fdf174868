namespace SurveyPlatform.Web.Audit;

/// <summary>What the shared audit table (_AuditTable) shows: a page of entries, the filter and the page's own path.</summary>
public sealed record AuditView(string Path, AuditFilter Filter, IReadOnlyList<AuditEntry> Entries, int Total, bool SurveyFilter);
