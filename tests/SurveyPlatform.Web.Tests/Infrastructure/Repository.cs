namespace SurveyPlatform.Web.Tests.Infrastructure;

/// <summary>The checked-out repository the tests run from (the folder holding SurveyPlatform.sln).</summary>
public static class Repository
{
    private static readonly Lazy<string> RootFolder = new(() =>
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !System.IO.File.Exists(Path.Combine(directory.FullName, "SurveyPlatform.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("SurveyPlatform.sln not found above the test's folder.");
    });

    public static string Root => RootFolder.Value;

    /// <summary>A path inside the repository, from parts relative to its root.</summary>
    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The text of a file in the repository.</summary>
    public static string Text(params string[] parts) => System.IO.File.ReadAllText(File(parts));
}
