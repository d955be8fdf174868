using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SurveyPlatform.Web.Tests.Infrastructure;

/// <summary>
/// Debian's nginx on a free loopback port, round-robin in front of app nodes, configured as
/// deploy/nginx/surveyplatform.conf's upstream and proxy headers (without TLS). Each response carries
/// <c>X-Upstream</c>, the node that answered it, so a test can see requests alternate.
/// </summary>
public sealed class Nginx : IAsyncDisposable
{
    public const string UpstreamHeader = "X-Upstream";

    private readonly Process _process;
    private readonly string _folder;

    private Nginx(Process process, string folder, Uri address)
    {
        _process = process;
        _folder = folder;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<Nginx> StartAsync(params Uri[] nodes)
    {
        Assert.True(File.Exists("/usr/sbin/nginx"), "nginx is not installed (./test.sh installs it).");
        var folder = Directory.CreateTempSubdirectory("sp-nginx").FullName;
        // Workers run as an unprivileged user when nginx starts as root: they need the temp folders.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, (UnixFileMode)0b111_111_111);
        }
        var port = ExternalProcess.FreePort();
        var upstreams = string.Join("\n", nodes.Select(n => $"    server {n.Host}:{n.Port};"));
        await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), $$"""
            daemon off;
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 1024; }
            http {
              access_log off;
              client_body_temp_path {{folder}}/body; proxy_temp_path {{folder}}/proxy;
              fastcgi_temp_path {{folder}}/fastcgi; uwsgi_temp_path {{folder}}/uwsgi; scgi_temp_path {{folder}}/scgi;
              upstream surveyplatform {
            {{upstreams}}
                keepalive 32;
              }
              server {
                listen 127.0.0.1:{{port}};
                client_max_body_size 20m;
                location / {
                  proxy_pass         http://surveyplatform;
                  proxy_http_version 1.1;
                  proxy_set_header   Connection "";
                  proxy_set_header   Host $http_host;
                  proxy_set_header   X-Forwarded-For $proxy_add_x_forwarded_for;
                  proxy_set_header   X-Forwarded-Proto $scheme;
                  proxy_read_timeout 300s;
                  add_header {{UpstreamHeader}} $upstream_addr always;
                }
              }
            }
            """);
        var process = Process.Start(new ProcessStartInfo("/usr/sbin/nginx", ["-p", folder, "-c", Path.Combine(folder, "nginx.conf")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var address = new Uri($"http://127.0.0.1:{port}/");
        var nginx = new Nginx(process, folder, address);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (process.HasExited)
            {
                var log = File.Exists(Path.Combine(folder, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(folder, "error.log")) : "";
                throw new InvalidOperationException($"nginx exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync()} {log}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return nginx;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp folder's clean-up.
        }
        catch (UnauthorizedAccessException)
        {
            // A temp file owned by nginx's worker user.
        }
    }
}
