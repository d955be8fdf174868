using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SurveyPlatform.Web.Tests.Deploy;

/// <summary>
/// The image's build and run steps, run here without Docker: deploy/Dockerfile's build-stage COPY lines
/// copy the repository into an empty folder (leaving out what .dockerignore leaves out), its RUN lines
/// restore and publish there, and the published app then runs as the image runs it: its ENTRYPOINT
/// with <c>migrate</c> on a fresh database, and its ENTRYPOINT alone, answering the HEALTHCHECK's path.
/// The runtime stage's RUN line (OS packages and the service user) is the one step not run here.
/// </summary>
public sealed partial class PublishedAppTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TheDockerfilesBuildSteps_PublishAnAppThatMigratesAFreshDatabase_ThenStartsAndAnswersItsHealthCheck()
    {
        var dockerfile = Dockerfile.Parse(Repository.Text("deploy", "Dockerfile"));
        var work = Directory.CreateTempSubdirectory("sp-publish").FullName;
        try
        {
            // Build stage: WORKDIR, COPY, RUN, in order, with the image's paths mapped into the temp folder.
            var root = Path.Combine(work, "image");
            var directory = root;
            foreach (var step in dockerfile.Build)
            {
                switch (step.Instruction)
                {
                    case "WORKDIR":
                        directory = Path.Combine(root, step.Arguments.TrimStart('/'));
                        Directory.CreateDirectory(directory);
                        break;
                    case "COPY":
                        var parts = step.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                        var target = parts[^1] is "./" ? directory : Path.Combine(directory, parts[^1].TrimEnd('/'));
                        foreach (var source in parts[..^1])
                        {
                            Copy(Repository.File(source.TrimEnd('/')), source.EndsWith('/') ? target : Path.Combine(target, source));
                        }

                        break;
                    case "RUN":
                        var command = Regex.Replace(step.Arguments, @"(?<=\s)/(?=\w)", root + "/");
                        Assert.StartsWith("dotnet ", command, StringComparison.Ordinal);
                        await RunAsync(directory, command, TimeSpan.FromMinutes(5));
                        break;
                    default:
                        Assert.Fail($"The Dockerfile's build stage has a step this test does not know: {step.Instruction} {step.Arguments}");
                        break;
                }
            }

            // Runtime stage: the published folder the runtime image copies from the build stage.
            var copy = Assert.Single(dockerfile.Runtime, s => s.Instruction == "COPY");
            var published = Path.Combine(root, Regex.Match(copy.Arguments, @"--from=build (\S+) ").Groups[1].Value.TrimStart('/'));
            Assert.True(File.Exists(Path.Combine(published, "SurveyPlatform.Web.dll")), $"No SurveyPlatform.Web.dll in {published}.");
            Assert.Equal(["dotnet", "SurveyPlatform.Web.dll"], dockerfile.Entrypoint);
            var health = new Uri(Regex.Match(dockerfile.HealthCheck, @"http://\S+").Value).AbsolutePath;
            Assert.Equal("/health/live", health);

            foreach (var kind in new[] { DatabaseProviderKind.Sqlite, DatabaseProviderKind.PostgreSql })
            {
                await using var database = await TestDatabase.CreateAsync(kind);
                var migrate = await RunAsync(published, string.Join(' ', [.. dockerfile.Entrypoint, "migrate"]), TimeSpan.FromMinutes(2), Environment(dockerfile, database));
                Assert.Contains("Migrations applied.", migrate, StringComparison.Ordinal);
                await using (var db = database.Context())
                {
                    Assert.True(await db.Database.CanConnectAsync());
                    Assert.Empty(await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetPendingMigrationsAsync(db.Database));
                }

                await StartAndCheckHealthAsync(published, dockerfile, database, health);
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task StartAndCheckHealthAsync(string published, Dockerfile dockerfile, TestDatabase database, string health)
    {
        var settings = Environment(dockerfile, database);
        settings["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        settings["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        var start = new ProcessStartInfo(dockerfile.Entrypoint[0], dockerfile.Entrypoint[1..])
        {
            WorkingDirectory = published,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var app = Process.Start(start)!;
        app.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && NowListening().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        };
        app.ErrorDataReceived += (_, _) => { };
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();
        try
        {
            var ended = await Task.WhenAny(listening.Task, app.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
            Assert.True(ended == listening.Task, app.HasExited ? $"The published app exited with {app.ExitCode}." : "The published app did not listen within 60 s.");
            using var client = new HttpClient { BaseAddress = await listening.Task };
            Assert.Equal("Healthy", await client.GetStringAsync(new Uri(health, UriKind.Relative)));
            Assert.Equal("Healthy", await client.GetStringAsync(new Uri("/health/ready", UriKind.Relative)));
            var home = await client.GetAsync(new Uri("/", UriKind.Relative));
            Assert.True(home.IsSuccessStatusCode || (int)home.StatusCode is 302, $"GET / answered {(int)home.StatusCode}.");
        }
        finally
        {
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
        }
    }

    /// <summary>The image's ENV lines, then what the compose file would add: the database and SMTP on loopback.</summary>
    private static Dictionary<string, string> Environment(Dockerfile dockerfile, TestDatabase database)
    {
        var settings = new Dictionary<string, string>(dockerfile.Environment, StringComparer.Ordinal)
        {
            ["Database__Provider"] = database.Kind.ToString(),
            ["ConnectionStrings__Default"] = database.ConnectionString,
            ["Smtp__Host"] = System.Environment.GetEnvironmentVariable("TEST_SMTP_HOST") ?? "127.0.0.1",
            ["Smtp__Port"] = System.Environment.GetEnvironmentVariable("TEST_SMTP_PORT") ?? "25",
            ["App__PublicBaseUrl"] = "http://localhost",
        };
        return settings;
    }

    private async Task<string> RunAsync(string directory, string command, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var clock = Stopwatch.StartNew();
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var start = new ProcessStartInfo(words[0], words[1..])
        {
            WorkingDirectory = directory,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var (exit, text) = await ExternalProcess.RunAsync(start, timeout);
        output.WriteLine($"{command}: exit {exit} after {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(exit == 0, $"`{command}` failed with {exit}:\n{ExternalProcess.Tail(text)}");
        return text;
    }

    // Copies a file or a folder, leaving out what .dockerignore leaves out of the build context.
    private static void Copy(string source, string target)
    {
        if (File.Exists(source))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
            return;
        }

        Assert.True(Directory.Exists(source), $"The Dockerfile copies {source}, which does not exist.");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj" or "node_modules") || relative.EndsWith(".db", StringComparison.Ordinal))
            {
                continue;
            }

            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex NowListening();
}

/// <summary>The parts of deploy/Dockerfile the test runs: the build stage's steps, the runtime stage's, ENV, HEALTHCHECK and ENTRYPOINT.</summary>
internal sealed record Dockerfile(
    IReadOnlyList<(string Instruction, string Arguments)> Build,
    IReadOnlyList<(string Instruction, string Arguments)> Runtime,
    IReadOnlyDictionary<string, string> Environment,
    string HealthCheck,
    string[] Entrypoint)
{
    public static Dockerfile Parse(string text)
    {
        var lines = new List<string>();
        var current = new StringBuilder();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (current.Length == 0 && (line.TrimStart().StartsWith('#') || string.IsNullOrWhiteSpace(line)))
            {
                continue;
            }

            current.Append(line.TrimEnd('\\').Trim()).Append(' ');
            if (!line.EndsWith('\\'))
            {
                lines.Add(current.ToString().Trim());
                current.Clear();
            }
        }

        var stages = new List<List<(string, string)>>();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        string health = "", entry = "";
        foreach (var line in lines)
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var (instruction, arguments) = (line[..space], line[(space + 1)..].Trim());
            switch (instruction)
            {
                case "FROM":
                    stages.Add([]);
                    break;
                case "ENV":
                    foreach (Match pair in Regex.Matches(arguments, @"(\w+)=(\S+)"))
                    {
                        environment[pair.Groups[1].Value] = pair.Groups[2].Value;
                    }

                    break;
                case "HEALTHCHECK":
                    health = arguments;
                    break;
                case "ENTRYPOINT":
                    entry = arguments;
                    break;
                case "USER" or "EXPOSE":
                    break;
                default:
                    stages[^1].Add((instruction, arguments));
                    break;
            }
        }

        Assert.Equal(2, stages.Count);
        var entrypoint = System.Text.Json.JsonSerializer.Deserialize<string[]>(entry) ?? [];
        return new Dockerfile(stages[0], stages[1], environment, health, entrypoint);
    }
}
