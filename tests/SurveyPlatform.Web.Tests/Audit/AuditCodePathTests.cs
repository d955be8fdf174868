using System.Reflection;
using System.Text.RegularExpressions;
using SurveyPlatform.Web.Audit;

namespace SurveyPlatform.Web.Tests.Audit;

/// <summary>
/// The audit trail is append-only in the code as well as in the database: the entity cannot be
/// changed after it is made, and the app's source touches the table only to read it or, in
/// AuditTrail, to add to it.
/// </summary>
public sealed partial class AuditCodePathTests
{
    [Fact]
    public void AnAuditEntry_HasNoSetterThatCouldChangeItAfterItIsMade()
    {
        var writable = typeof(AuditEntry).GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(p => p.SetMethod is { } set && !set.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.FullName == "System.Runtime.CompilerServices.IsExternalInit"))
            .Select(p => p.Name)
            .ToList();
        Assert.Empty(writable);
    }

    [Fact]
    public void TheAppsSource_OnlyReadsTheTrail_AndOnlyAuditTrailAddsToIt()
    {
        var source = Path.Combine(RepositoryRoot(), "src");
        var uses = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(source, f), Line: i + 1, Text: line)))
            .Where(l => TrailUse().IsMatch(l.Text))
            .ToList();
        Assert.NotEmpty(uses); // the scan finds the trail's own reads and its one append

        var problems = new List<string>();
        foreach (var use in uses)
        {
            var text = use.Text;
            var where = $"{use.File}:{use.Line}: {text.Trim()}";
            if (Forbidden().IsMatch(text))
            {
                problems.Add("changes or removes entries: " + where);
            }
            else if (text.Contains("AuditEntries.Add", StringComparison.Ordinal) && !use.File.EndsWith($"Audit{Path.DirectorySeparatorChar}AuditTrail.cs", StringComparison.Ordinal))
            {
                problems.Add("adds entries outside AuditTrail: " + where);
            }
            else if (text.Contains("db.AuditEntries", StringComparison.Ordinal) && !text.Contains("AsNoTracking()", StringComparison.Ordinal) && !text.Contains("AuditEntries.Add(", StringComparison.Ordinal))
            {
                problems.Add("reads entries with tracking (a tracked entry can be changed): " + where);
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SurveyPlatform.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("SurveyPlatform.sln not found above the test's folder.");
    }

    [GeneratedRegex(@"AuditEntries\b|Set<AuditEntry>")]
    private static partial Regex TrailUse();

    [GeneratedRegex(@"(AuditEntries|Set<AuditEntry>\(\))\s*\.\s*(Remove|RemoveRange|Update|UpdateRange|Attach|ExecuteDelete|ExecuteUpdate)|FromSql.*AuditEntries|(UPDATE|DELETE FROM)\s+""?AuditEntries")]
    private static partial Regex Forbidden();
}
