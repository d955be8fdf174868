using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SurveyPlatform.Web.Tests.Infrastructure;

/// <summary>
/// A minimal SMTP server on loopback: 550 for recipients starting "bounce", 451 for "later", accepts
/// the rest. It counts its sessions (connections) and QUITs, can end a session after a number of
/// messages (with a 421 to the next MAIL FROM, or by hanging up without a word, as a server whose idle
/// timeout passed), and can stay silent (accept the connection, never greet).
/// </summary>
public sealed class RefusingSmtpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _delivered = [];
    private readonly List<string> _commands = [];
    private readonly int _messagesPerSession;
    private readonly bool _silent;
    private readonly bool _hangUp;
    private int _sessions;
    private int _quits;

    public RefusingSmtpServer(int messagesPerSession = int.MaxValue, bool hangUp = false, bool silent = false)
    {
        _messagesPerSession = messagesPerSession;
        _hangUp = hangUp;
        _silent = silent;
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections accepted so far.</summary>
    public int Sessions => Volatile.Read(ref _sessions);

    /// <summary>Sessions the client ended with QUIT.</summary>
    public int Quits => Volatile.Read(ref _quits);

    public IReadOnlyList<string> Delivered
    {
        get
        {
            lock (_delivered)
            {
                return [.. _delivered];
            }
        }
    }

    /// <summary>Every command verb received, in order (EHLO, MAIL, RCPT, RSET…).</summary>
    public IReadOnlyList<string> Commands
    {
        get
        {
            lock (_commands)
            {
                return [.. _commands];
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            Interlocked.Increment(ref _sessions);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        if (_silent)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }

            return;
        }

        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 refusing.test ESMTP");
        var recipients = new List<string>();
        var messages = 0;
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                var command = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                lock (_commands)
                {
                    _commands.Add(command);
                }

                switch (command)
                {
                    case "EHLO":
                    case "HELO":
                        await writer.WriteLineAsync("250 refusing.test");
                        break;
                    case "MAIL" when messages >= _messagesPerSession:
                        await writer.WriteLineAsync("421 4.7.0 Too many messages in one session, closing");
                        return;
                    case "MAIL":
                    case "RSET":
                        recipients.Clear();
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "RCPT":
                        var address = line[(line.IndexOf('<', StringComparison.Ordinal) + 1)..line.IndexOf('>', StringComparison.Ordinal)];
                        if (address.StartsWith("bounce", StringComparison.OrdinalIgnoreCase))
                        {
                            await writer.WriteLineAsync("550 5.1.1 No such user here");
                        }
                        else if (address.StartsWith("later", StringComparison.OrdinalIgnoreCase))
                        {
                            await writer.WriteLineAsync("451 4.3.0 Try again later");
                        }
                        else
                        {
                            recipients.Add(address);
                            await writer.WriteLineAsync("250 OK");
                        }

                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        while (await reader.ReadLineAsync() is { } data && data != ".")
                        {
                        }

                        lock (_delivered)
                        {
                            _delivered.AddRange(recipients);
                        }

                        messages++;
                        await writer.WriteLineAsync("250 OK queued");
                        if (_hangUp && messages >= _messagesPerSession)
                        {
                            return;
                        }

                        break;
                    case "QUIT":
                        Interlocked.Increment(ref _quits);
                        await writer.WriteLineAsync("221 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("250 OK");
                        break;
                }
            }
        }
        catch (IOException)
        {
            // The client went away mid-session; as a real server, forget the session.
        }
    }
}
