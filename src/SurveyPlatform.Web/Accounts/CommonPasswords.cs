using System.IO.Compression;
using System.Text;

namespace SurveyPlatform.Web.Accounts;

/// <summary>
/// The list of common and breached passwords shipped with the app (CommonPasswordList/README.md says
/// where it comes from and under which licence). It is read once, on the first password check, into
/// one sorted block of bytes with an index of where each entry starts: about 4 MB, against some 25 MB
/// for a <c>HashSet&lt;string&gt;</c> of the same 327,000 entries. A lookup is a binary search.
/// </summary>
public sealed class CommonPasswords
{
    public const string ResourceName = "SurveyPlatform.Web.Accounts.common-passwords.txt.gz";

    private readonly Lazy<(byte[] Entries, int[] Starts)> _list;

    public CommonPasswords() => _list = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public int Count => _list.Value.Starts.Length;

    /// <summary>
    /// Why <paramref name="password"/> is weak, or null. Compared without regard to letter case:
    /// the password itself is on the list; or it is an entry followed by digits ("sunshine2024");
    /// or it is one piece repeated ("monkeymonkey"), where the piece is on the list or is at most
    /// three characters ("abcabcabcabc").
    /// </summary>
    public CommonPasswordMatch? Check(string password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return null;
        }

        var lower = password.ToLowerInvariant();
        if (Contains(lower))
        {
            return CommonPasswordMatch.Listed;
        }

        var withoutDigits = lower.TrimEnd("0123456789".ToCharArray());
        if (withoutDigits.Length > 0 && withoutDigits.Length < lower.Length && Contains(withoutDigits))
        {
            return CommonPasswordMatch.ListedWithDigits;
        }

        var piece = RepeatedPiece(lower);
        if (piece is not null && (piece.Length <= 3 || Contains(piece)))
        {
            return CommonPasswordMatch.Repeated;
        }

        return null;
    }

    /// <summary>Whether the lower-cased <paramref name="entry"/> is on the list, exactly.</summary>
    public bool Contains(string entry)
    {
        var (entries, starts) = _list.Value;
        Span<byte> buffer = stackalloc byte[256];
        var count = Encoding.UTF8.GetByteCount(entry);
        if (count > buffer.Length)
        {
            return false; // Every entry is shorter than this.
        }

        var key = buffer[..Encoding.UTF8.GetBytes(entry, buffer)];
        int low = 0, high = starts.Length - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            var comparison = Entry(entries, starts, middle).SequenceCompareTo(key);
            if (comparison == 0)
            {
                return true;
            }

            if (comparison < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return false;
    }

    /// <summary>The shortest piece that, repeated two or more times, makes up the whole text; or null.</summary>
    internal static string? RepeatedPiece(string text)
    {
        for (var length = 1; length <= text.Length / 2; length++)
        {
            if (text.Length % length != 0)
            {
                continue;
            }

            var piece = text.AsSpan(0, length);
            var whole = true;
            for (var at = length; at < text.Length && whole; at += length)
            {
                whole = text.AsSpan(at, length).SequenceEqual(piece);
            }

            if (whole)
            {
                return piece.ToString();
            }
        }

        return null;
    }

    private static ReadOnlySpan<byte> Entry(byte[] entries, int[] starts, int index)
    {
        var start = starts[index];
        var end = index + 1 < starts.Length ? starts[index + 1] - 1 : entries.Length;
        return entries.AsSpan(start, end - start);
    }

    private static (byte[] Entries, int[] Starts) Load()
    {
        using var resource = typeof(CommonPasswords).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var gzip = new GZipStream(resource, CompressionMode.Decompress);
        using var buffer = new MemoryStream(capacity: 4 * 1024 * 1024);
        gzip.CopyTo(buffer);
        var all = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);

        // The header is everything up to the first empty line.
        var headerEnd = all.IndexOf("\n\n"u8);
        if (headerEnd < 0)
        {
            throw new InvalidOperationException($"{ResourceName} has no header.");
        }

        var body = all[(headerEnd + 2)..];
        if (body.Length > 0 && body[^1] == (byte)'\n')
        {
            body = body[..^1];
        }

        // Entries stay separated by '\n' in one array; Starts[i] is where entry i begins.
        var entries = body.ToArray();
        var starts = new List<int>(capacity: 330_000) { 0 };
        for (var i = entries.AsSpan().IndexOf((byte)'\n'); i >= 0;)
        {
            starts.Add(i + 1);
            var next = entries.AsSpan(i + 1).IndexOf((byte)'\n');
            i = next < 0 ? -1 : i + 1 + next;
        }

        var index = starts.ToArray();
        for (var i = 1; i < index.Length; i++)
        {
            // A binary search needs byte order; a file sorted any other way is a build mistake, caught here.
            if (Entry(entries, index, i - 1).SequenceCompareTo(Entry(entries, index, i)) >= 0)
            {
                throw new InvalidOperationException($"{ResourceName} is not sorted by byte at entry {i}.");
            }
        }

        return (entries, index);
    }
}

public enum CommonPasswordMatch
{
    Listed,
    ListedWithDigits,
    Repeated,
}
