using System.Text;
using System.Text.RegularExpressions;

namespace SurveyPlatform.Web.Tests.Infrastructure;

/// <summary>Reads what the loopback SMTP server (aiosmtpd's Mailbox handler) stored, with just enough MIME decoding.</summary>
public static partial class Maildir
{
    public static string Folder => Environment.GetEnvironmentVariable("TEST_SMTP_MAILDIR")
        ?? throw new InvalidOperationException("TEST_SMTP_MAILDIR is not set. Run the tests with ./test.sh, which starts a real SMTP server.");

    /// <summary>Waits for a message to <paramref name="recipient"/> and returns its decoded text (headers and every part).</summary>
    public static async Task<string> WaitForMessageToAsync(string recipient, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var file in Directory.Exists(Path.Combine(Folder, "new")) ? Directory.GetFiles(Path.Combine(Folder, "new")) : [])
            {
                var raw = await File.ReadAllTextAsync(file);
                if (raw.Contains($"To: {recipient}", StringComparison.OrdinalIgnoreCase) || raw.Contains($"<{recipient}>", StringComparison.OrdinalIgnoreCase))
                {
                    return Decode(raw);
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"No message to {recipient} arrived at the SMTP server in {timeout.TotalSeconds:0} s.");
    }

    /// <summary>The recipient of every message the server stored for an address at <paramref name="domain"/>, once per message (lower case).</summary>
    public static List<string> RecipientsAt(string domain)
    {
        var found = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Folder, "new")))
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (IOException)
            {
                continue;
            }

            var to = ToHeader().Match(text).Groups[1].Value.Trim();
            if (to.EndsWith("@" + domain, StringComparison.OrdinalIgnoreCase))
            {
                found.Add(to.ToLowerInvariant());
            }
        }

        return found;
    }

    [GeneratedRegex(@"^To: <?([^>\r\n]+)>?", RegexOptions.Multiline)]
    private static partial Regex ToHeader();

    public static string Decode(string raw)
    {
        var result = new StringBuilder();
        // Split into header/body blocks at blank lines; decode each block by the encoding its header names.
        var blocks = raw.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n");
        var encoding = string.Empty;
        foreach (var block in blocks)
        {
            var header = TransferEncoding().Match(block);
            if (header.Success)
            {
                encoding = header.Groups[1].Value.ToLowerInvariant();
                result.AppendLine(block);
                continue;
            }

            var body = block.Split("\n--", 2)[0];
            result.AppendLine(encoding switch
            {
                "base64" => TryBase64(body),
                "quoted-printable" => QuotedPrintable(body),
                _ => body,
            });
            encoding = string.Empty;
        }

        return result.ToString();
    }

    private static string TryBase64(string body)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(body.Split('\n').Select(l => l.Trim()))));
        }
        catch (FormatException)
        {
            return body;
        }
    }

    private static string QuotedPrintable(string body)
    {
        var joined = body.Replace("=\n", string.Empty, StringComparison.Ordinal);
        var bytes = new List<byte>();
        for (var i = 0; i < joined.Length; i++)
        {
            if (joined[i] == '=' && i + 2 < joined.Length && Uri.IsHexDigit(joined[i + 1]) && Uri.IsHexDigit(joined[i + 2]))
            {
                bytes.Add(Convert.ToByte(joined.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(joined[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    [GeneratedRegex(@"Content-Transfer-Encoding:\s*([\w-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex TransferEncoding();
}
