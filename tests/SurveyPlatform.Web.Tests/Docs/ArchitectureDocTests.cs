using System.Reflection;
using System.Text.RegularExpressions;

namespace SurveyPlatform.Web.Tests.Docs;

/// <summary>
/// docs/architecture.md names classes in backticks (`SurveyScoring`, `Survey.Close`,
/// `Scoring/ScoreSurveyJob`, `QuestionField.razor`); each must exist in the app's assemblies (or a
/// library they use, or the tests), and a <c>Type.Member</c> must name a member of that type.
/// </summary>
public sealed partial class ArchitectureDocTests
{
    [Fact]
    public void ArchitecturePage_NamesOnlyClassesAndMembersThatExist()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "architecture.md"));
        var names = ClassNames(text);
        Assert.True(names.Count > 80, $"Only {names.Count} class names were found on the page; the parser has lost them.");
        var missing = Missing(names, KnownTypes());
        Assert.True(missing.Count == 0, "docs/architecture.md names what the code does not have: " + string.Join(", ", missing));
    }

    [Fact]
    public void ArchitectureCheck_ReportsAClassOrMemberThatDoesNotExist()
    {
        var names = ClassNames("The `ResponseScorer` feeds `ScoreSummary`; `Survey.Close` stays, `Survey.Vanish` does not; `Jobs:Server` and `/s/{code}` are no class.");
        Assert.Equal(["ResponseScorer", "ScoreSummary", "Survey.Close", "Survey.Vanish"], names);
        Assert.Equal(["ResponseScorer", "ScoreSummary", "Survey.Vanish"], Missing(names, KnownTypes()));
    }

    /// <summary>The backticked spans that name a class or a class's member, with any folder, file extension or type arguments taken off.</summary>
    private static List<string> ClassNames(string markdown) =>
        [.. Backticked().Matches(markdown)
            .Select(m => m.Groups[1].Value)
            .Select(span => ClassReference().Match(span))
            .Where(m => m.Success)
            .Select(m => m.Groups["name"].Value)];

    private static List<string> Missing(IEnumerable<string> names, ILookup<string, Type> types) =>
        [.. names.Distinct(StringComparer.Ordinal).Where(name =>
        {
            var parts = name.Split('.');
            var candidates = types[parts[0]];
            return parts.Length == 1
                ? !candidates.Any()
                : !candidates.Any(t => t.GetMember(parts[1], BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static).Length > 0);
        })];

    /// <summary>Every type of the app, the Domain, the tests and the assemblies they reference, by simple name (generic arity taken off).</summary>
    private static ILookup<string, Type> KnownTypes()
    {
        var roots = new[] { typeof(Program).Assembly, typeof(Domain.Surveys.Survey).Assembly, typeof(ArchitectureDocTests).Assembly };
        var assemblies = roots.Concat(roots.SelectMany(a => a.GetReferencedAssemblies()).Select(Load).OfType<Assembly>()).Distinct();
        return assemblies.SelectMany(Types).ToLookup(t => t.Name.Split('`')[0], StringComparer.Ordinal);

        static Assembly? Load(AssemblyName name)
        {
            try
            {
                return Assembly.Load(name);
            }
            catch (FileNotFoundException)
            {
                return null;
            }
        }

        static IEnumerable<Type> Types(Assembly assembly)
        {
            try
            {
                return assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException partial)
            {
                return partial.Types.OfType<Type>();
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "docs", "architecture.md")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("No docs/architecture.md above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("`([^`\n]+)`")]
    private static partial Regex Backticked();

    // Optional folders ("Scoring/", "Web/Data/"), then Type or Type.Member, then an optional ".cs"/".razor" or type arguments.
    [GeneratedRegex(@"^(?!src/|tests/)(?:[A-Za-z]+/)*(?<name>[A-Z][A-Za-z0-9]*(?:\.[A-Z][A-Za-z0-9]*)?)(?:\.cs|\.razor|<[^>]*>)?$")]
    private static partial Regex ClassReference();
}
