using System.Diagnostics;
using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Deploy;

/// <summary>
/// The deployment files in deploy/ cannot be run here (no Docker engine, no cluster), so they are read
/// and checked for what a deployment depends on: the services and objects, the order (migrate before
/// the app), the probes, the settings as environment variables the app really reads, and nginx's own
/// syntax check of the VM site file. docs/deploy.md says which of these were run and which were not.
/// </summary>
public sealed partial class DeployFilesTests
{
    [Theory]
    [InlineData("compose.yaml", "PostgreSql", "postgres", "pgdata")]
    [InlineData("compose.sqlserver.yaml", "SqlServer", "sqlserver", "mssqldata")]
    public void TheComposeFile_RunsNginxInFrontOfTwoAppReplicas_AfterAOneOffMigrate_OnADatabaseWithAVolume(string file, string provider, string database, string volume)
    {
        var compose = Yaml.Load(Repository.File("deploy", file));
        var services = compose.Map("services");

        var app = services.Map("app");
        Assert.Equal("2", app.Map("deploy").Scalar("replicas"));
        Assert.Equal(provider, app.Map("environment").Scalar("Database__Provider"));
        Assert.Contains("service_completed_successfully", app.Map("depends_on").Map("migrate").Scalar("condition"), StringComparison.Ordinal);

        var migrate = services.Map("migrate");
        Assert.Equal(["migrate"], migrate.List("command"));
        Assert.Equal(app.Scalar("image"), migrate.Scalar("image"));
        Assert.Equal("no", migrate.Scalar("restart"));

        var nginx = services.Map("nginx");
        Assert.Contains(nginx.List("ports"), p => p.EndsWith(":443", StringComparison.Ordinal));
        Assert.Contains(nginx.List("volumes"), v => v.StartsWith("./nginx/compose.conf:", StringComparison.Ordinal));
        Assert.True(File.Exists(Repository.File("deploy", "nginx", "compose.conf")));

        Assert.Contains(services.Map(database).List("volumes"), v => v.StartsWith(volume + ":", StringComparison.Ordinal));
        Assert.True(compose.Map("volumes").Has(volume), $"The volume {volume} is not declared.");
        Assert.True(services.Has("smtp-relay"), "No SMTP relay placeholder.");
        Assert.Equal("smtp-relay", Regex.Match(app.Map("environment").Scalar("Smtp__Host"), @"\$\{SMTP_HOST:-([^}]*)\}").Groups[1].Value);

        // The app believes forwarded headers from the compose network only: the subnet nginx is on.
        var subnet = compose.Map("networks").Map("internal").Map("ipam").Items("config").Single().Scalar("subnet");
        Assert.Equal(subnet, app.Map("environment").Scalar("ReverseProxy__KnownNetworks"));

        var build = app.Map("build");
        Assert.Equal("..", build.Scalar("context"));
        Assert.True(File.Exists(Path.Combine(Repository.File("deploy"), build.Scalar("context"), build.Scalar("dockerfile"))));
    }

    [Theory]
    [InlineData("compose.yaml")]
    [InlineData("compose.sqlserver.yaml")]
    public void EverySettingTheComposeFilesGiveTheApp_IsOneTheAppReads(string file)
    {
        var environment = Yaml.Load(Repository.File("deploy", file)).Map("services").Map("app").Map("environment");
        var known = DocumentedSettings();
        var unknown = environment.Keys().Where(k => !k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) && !known.Contains(k)).ToList();
        Assert.True(unknown.Count == 0, $"{file} sets what the app does not read (or docs/deploy.md does not list): {string.Join(", ", unknown)}");
        Assert.DoesNotContain(environment.Keys(), k => k.Contains(':', StringComparison.Ordinal));
    }

    [Fact]
    public void TheKubernetesFiles_HoldADeploymentOfTwoWithHealthProbes_AMigrateJob_AServiceAnIngress_ASecretExampleAndAConfigMap()
    {
        var folder = Repository.File("deploy", "k8s");
        var objects = Directory.GetFiles(folder, "*.yaml")
            .Where(f => Path.GetFileName(f) != "kustomization.yaml")
            .ToDictionary(f => Yaml.Load(f).Scalar("kind"), f => Yaml.Load(f));
        Assert.Equal(["ConfigMap", "Deployment", "Ingress", "Job", "Secret", "Service"], objects.Keys.Order(StringComparer.Ordinal));

        var config = objects["ConfigMap"];
        var secret = objects["Secret"];
        var deployment = objects["Deployment"];
        var spec = deployment.Map("spec");
        Assert.Equal("2", spec.Scalar("replicas"));
        var pod = spec.Map("template").Map("spec");
        var web = pod.Items("containers").Single();
        Assert.Equal("/health/live", web.Map("livenessProbe").Map("httpGet").Scalar("path"));
        Assert.Equal("/health/ready", web.Map("readinessProbe").Map("httpGet").Scalar("path"));
        Assert.Equal("/health/live", web.Map("startupProbe").Map("httpGet").Scalar("path"));
        Assert.Equal("true", pod.Map("securityContext").Scalar("runAsNonRoot"));
        Assert.Equal("8080", web.Items("ports").Single().Scalar("containerPort"));
        Assert.Equal(spec.Map("selector").Map("matchLabels").Pairs(), spec.Map("template").Map("metadata").Map("labels").Pairs());
        AssertEnvironmentFrom(web, config, secret);

        var job = objects["Job"].Map("spec").Map("template").Map("spec");
        var migrate = job.Items("containers").Single();
        Assert.Equal(["migrate"], migrate.List("args"));
        Assert.Equal(web.Scalar("image"), migrate.Scalar("image"));
        Assert.Equal("Never", job.Scalar("restartPolicy"));
        AssertEnvironmentFrom(migrate, config, secret);

        var service = objects["Service"];
        Assert.Equal(spec.Map("selector").Map("matchLabels").Pairs(), service.Map("spec").Map("selector").Pairs());
        Assert.Equal("http", service.Map("spec").Items("ports").Single().Scalar("targetPort"));

        var backend = objects["Ingress"].Map("spec").Items("rules").Single().Map("http").Items("paths").Single().Map("backend").Map("service");
        Assert.Equal(service.Map("metadata").Scalar("name"), backend.Scalar("name"));

        // Every setting in the ConfigMap and the Secret is one the app reads, as an environment variable.
        var known = DocumentedSettings();
        var unknown = config.Map("data").Keys().Concat(secret.Map("stringData").Keys())
            .Where(k => !k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) && !known.Contains(k)).ToList();
        Assert.True(unknown.Count == 0, $"Settings the app does not read: {string.Join(", ", unknown)}");

        // kustomization.yaml applies every object except the Secret example.
        var resources = Yaml.Load(Path.Combine(folder, "kustomization.yaml")).List("resources");
        Assert.Equal(["configmap.yaml", "deployment.yaml", "ingress.yaml", "migrate-job.yaml", "service.yaml"], resources.Order(StringComparer.Ordinal));
    }

    private static void AssertEnvironmentFrom(Yaml container, Yaml config, Yaml secret)
    {
        var from = container.Items("envFrom").ToList();
        Assert.Contains(from, f => f.Has("configMapRef") && f.Map("configMapRef").Scalar("name") == config.Map("metadata").Scalar("name"));
        Assert.Contains(from, f => f.Has("secretRef") && f.Map("secretRef").Scalar("name") == secret.Map("metadata").Scalar("name"));
    }

    [Fact]
    public void TheSystemdUnit_MigratesBeforeEachStart_AndRunsTheAppAsItsOwnUser()
    {
        var unit = Repository.Text("deploy", "systemd", "surveyplatform.service").Split('\n').Select(l => l.Trim()).ToList();
        var pre = unit.FindIndex(l => l.StartsWith("ExecStartPre=", StringComparison.Ordinal));
        var start = unit.FindIndex(l => l.StartsWith("ExecStart=", StringComparison.Ordinal));
        Assert.True(pre >= 0 && start > pre, "ExecStartPre (migrate) must come before ExecStart.");
        Assert.EndsWith("SurveyPlatform.Web.dll migrate", unit[pre], StringComparison.Ordinal);
        Assert.EndsWith("SurveyPlatform.Web.dll", unit[start], StringComparison.Ordinal);
        Assert.Contains("User=surveyplatform", unit);
        Assert.Contains("EnvironmentFile=/etc/surveyplatform/surveyplatform.env", unit);

        var known = DocumentedSettings();
        var settings = Repository.Text("deploy", "systemd", "surveyplatform.env.example").Split('\n')
            .Select(l => l.TrimStart('#', ' ').Trim()).Where(l => Regex.IsMatch(l, @"^[A-Za-z_]+="))
            .Select(l => l[..l.IndexOf('=', StringComparison.Ordinal)])
            .Where(k => !k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(settings);
        Assert.All(settings, k => Assert.True(known.Contains(k), $"The env file sets {k}, which the app does not read."));
    }

    [Fact]
    public async Task TheVmNginxSiteFile_PassesNginxsOwnCheck()
    {
        Assert.True(File.Exists("/usr/sbin/nginx"), "nginx is not installed (./test.sh installs it).");
        var folder = Directory.CreateTempSubdirectory("sp-nginx-check").FullName;
        try
        {
            // The site file names certificate paths on the server: point them at a throwaway self-signed pair.
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=surveys.example.org", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllTextAsync(Path.Combine(folder, "cert.pem"), certificate.ExportCertificatePem());
            await File.WriteAllTextAsync(Path.Combine(folder, "key.pem"), key.ExportPkcs8PrivateKeyPem());
            var site = Repository.Text("deploy", "nginx", "surveyplatform.conf")
                .Replace("/etc/ssl/certs/surveys.example.org.pem", Path.Combine(folder, "cert.pem"), StringComparison.Ordinal)
                .Replace("/etc/ssl/private/surveys.example.org.key", Path.Combine(folder, "key.pem"), StringComparison.Ordinal);
            Assert.Contains(Path.Combine(folder, "cert.pem"), site, StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(folder, "site.conf"), site);
            await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), $$"""
                pid {{folder}}/nginx.pid;
                error_log {{folder}}/error.log;
                events {}
                http {
                  access_log off;
                  client_body_temp_path {{folder}}; proxy_temp_path {{folder}}; fastcgi_temp_path {{folder}}; uwsgi_temp_path {{folder}}; scgi_temp_path {{folder}};
                  include {{folder}}/site.conf;
                }
                """);

            var check = Process.Start(new ProcessStartInfo("/usr/sbin/nginx", ["-t", "-p", folder, "-c", Path.Combine(folder, "nginx.conf")])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            var errors = await check.StandardError.ReadToEndAsync();
            await check.WaitForExitAsync();
            Assert.True(check.ExitCode == 0, $"nginx -t refused deploy/nginx/surveyplatform.conf:\n{errors}");
            Assert.Contains("syntax is ok", errors, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void TheConfigurationReference_ListsEverySettingTheCodeReads_WithItsEnvironmentVariable()
    {
        var documented = DocumentedSettings();
        var read = SettingsTheCodeReads();
        Assert.True(read.Count > 40, $"Only {read.Count} settings found in the source: the scan is broken.");
        var missing = read.Where(k => !documented.Contains(k.Replace(":", "__", StringComparison.Ordinal))).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"docs/deploy.md's configuration reference lacks: {string.Join(", ", missing)}");
    }

    /// <summary>The environment variables in docs/deploy.md's configuration reference, checked against the setting beside each.</summary>
    private static HashSet<string> DocumentedSettings()
    {
        var doc = Repository.Text("docs", "deploy.md");
        var table = doc[doc.IndexOf("## Configuration reference", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n## ", 5, StringComparison.Ordinal)];
        var settings = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match row in ReferenceRow().Matches(table))
        {
            var (key, variable) = (row.Groups[1].Value, row.Groups[2].Value);
            Assert.Equal(key.Replace(":", "__", StringComparison.Ordinal), variable);
            settings.Add(variable);
        }

        return settings;
    }

    /// <summary>
    /// Every configuration key the app reads: the properties of each options class bound to a section
    /// (services.Configure, Bind, BindConfiguration), and every "Section:Key" string in the source.
    /// </summary>
    private static HashSet<string> SettingsTheCodeReads()
    {
        var web = typeof(Program).Assembly;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var source = Directory.GetFiles(Repository.File("src", "SurveyPlatform.Web"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText).ToList();
        foreach (var text in source)
        {
            foreach (Match bound in BoundOptions().Matches(text))
            {
                var type = web.GetTypes().Single(t => t.Name == bound.Groups["type"].Value);
                var section = bound.Groups["literal"].Success ? bound.Groups["literal"].Value
                    : (string)web.GetTypes().Single(t => t.Name == bound.Groups["owner"].Value)
                        .GetField("Section", BindingFlags.Public | BindingFlags.Static)!.GetRawConstantValue()!;
                foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }))
                {
                    keys.Add($"{section}:{property.Name}");
                }
            }

            // Settings kept in the database (AppSettings, changed by an Administrator in the app) are not configuration.
            if (!text.Contains("db.AppSettings", StringComparison.Ordinal))
            {
                foreach (Match literal in SettingLiteral().Matches(text))
                {
                    keys.Add(literal.Groups[1].Value);
                }
            }
        }

        // A section's own name ("Respond:ResumeMail") is not a setting: its keys are.
        keys.RemoveWhere(k => keys.Any(other => other.StartsWith(k + ":", StringComparison.Ordinal)));
        return keys;
    }

    [Fact]
    public void TheGrafanaDashboard_QueriesEveryMetricTheAppRecords_AndNoOther()
    {
        using var dashboard = System.Text.Json.JsonDocument.Parse(Repository.Text("deploy", "observability", "grafana-dashboard.json"));
        var instruments = Instrument().Matches(Repository.Text("src", "SurveyPlatform.Web", "Observability", "SurveyMetrics.cs"))
            .Select(m => m.Groups[1].Value.Replace('.', '_')).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(6, instruments.Count);
        var queried = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!)
            .SelectMany(e => PrometheusMetric().Matches(e).Select(m => m.Groups[1].Value)).ToList();
        Assert.NotEmpty(queried);
        Assert.All(queried, metric => Assert.True(instruments.Contains(metric), $"The dashboard queries {metric}, which the app does not record."));
        Assert.Equal(instruments.Order(StringComparer.Ordinal), queried.Distinct().Order(StringComparer.Ordinal));
    }

    [GeneratedRegex(@"Create(?:Counter|Histogram)<\w+>\(""([^""]+)""")]
    private static partial Regex Instrument();

    // A Prometheus series name, without the suffixes the exporter adds (unit, _total, histogram parts).
    [GeneratedRegex(@"(surveyplatform_[a-z_]+?)(?:_seconds)?(?:_total|_bucket|_sum|_count)?\b")]
    private static partial Regex PrometheusMetric();

    [GeneratedRegex(@"^\| `([^`]+)` \| `([^`]+)` \|", RegexOptions.Multiline)]
    private static partial Regex ReferenceRow();

    [GeneratedRegex(@"(?:Configure<(?<type>\w+)>\(configuration\.GetSection\(|AddOptions<(?<type>\w+)>\(\)\s*\.(?:Bind\(configuration\.GetSection\(|BindConfiguration\())(?:""(?<literal>[^""]+)""|(?<owner>\w+)\.Section)\)")]
    private static partial Regex BoundOptions();

    [GeneratedRegex(@"""((?:[A-Z][A-Za-z]+)(?::[A-Z][A-Za-z]+)+)""")]
    private static partial Regex SettingLiteral();
}
