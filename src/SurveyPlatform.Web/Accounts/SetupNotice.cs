namespace SurveyPlatform.Web.Accounts;

/// <summary>
/// Where the one-time setup URL is shown: the console, deliberately not ILogger, so the token
/// never lands in a log sink. Tests give it their own writer.
/// </summary>
public sealed class SetupNotice(TextWriter writer)
{
    public SetupNotice()
        : this(Console.Out)
    {
    }

    public void Announce(string url)
    {
        writer.WriteLine();
        writer.WriteLine("=== SurveyPlatform first start ===");
        writer.WriteLine("No administrator exists yet. Open this one-time link to create one:");
        writer.WriteLine($"  {url}");
        writer.WriteLine("The link works once. Restarting the app before using it prints a new one.");
        writer.WriteLine();
        writer.Flush();
    }
}
