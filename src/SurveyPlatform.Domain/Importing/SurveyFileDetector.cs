using System.Text;
using System.Text.Json;
using System.Xml;

namespace SurveyPlatform.Domain.Importing;

/// <summary>The kinds of questionnaire file we import.</summary>
public enum SurveyFileFormat
{
    Unknown,
    SurveyPlatform,
    SurveyJs,
    Qualtrics,
    LimeSurvey,
    RedcapDictionary,
}

/// <summary>What a file was found to be; for <see cref="SurveyFileFormat.Unknown"/>, why, for the person uploading it.</summary>
public sealed record DetectedFormat(SurveyFileFormat Format, string? Problem = null)
{
    public string Name => Format switch
    {
        SurveyFileFormat.SurveyPlatform => "SurveyPlatform survey file (.json)",
        SurveyFileFormat.SurveyJs => "SurveyJS survey (JSON)",
        SurveyFileFormat.Qualtrics => "Qualtrics survey (.qsf)",
        SurveyFileFormat.LimeSurvey => "LimeSurvey survey structure (.lss)",
        SurveyFileFormat.RedcapDictionary => "REDCap data dictionary (CSV)",
        _ => "unknown file",
    };
}

/// <summary>
/// Tells the questionnaire formats apart by their content, whatever the file is called: our JSON by
/// its "format", a Qualtrics .qsf by SurveyEntry and SurveyElements, a SurveyJS JSON by its pages or
/// elements, a LimeSurvey .lss by its XML root and doc type, a REDCap dictionary by its CSV header.
/// Used by the import page and the API, so both refuse the same files with the same words.
/// </summary>
public static class SurveyFileDetector
{
    public const string Supported = "a SurveyPlatform .json file, a SurveyJS JSON, a Qualtrics .qsf, a LimeSurvey .lss or a REDCap data dictionary (.csv)";

    private const string RedcapFirstColumn = "Variable / Field Name";

    public static DetectedFormat Detect(byte[] file, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        var span = file.AsSpan();
        if (span.StartsWith("\xEF\xBB\xBF"u8))
        {
            span = span[3..];
        }

        var start = 0;
        while (start < span.Length && span[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        if (start == span.Length)
        {
            return Unknown("The file is empty.");
        }

        if (Binary(file) is { } binary)
        {
            return Unknown(binary);
        }

        var text = span[start..];
        return text[0] switch
        {
            (byte)'{' or (byte)'[' => Json(file, fileName),
            (byte)'<' => Xml(file),
            _ => Csv(file, fileName),
        };
    }

    private static DetectedFormat Unknown(string problem) => new(SurveyFileFormat.Unknown, problem);

    private static string? Binary(byte[] file)
    {
        ReadOnlySpan<byte> head = file.AsSpan(0, Math.Min(file.Length, 8192));
        if (head.StartsWith("PK\x03\x04"u8))
        {
            return "This is a ZIP archive or an Office file (such as .xlsx or .docx), not a survey file. Save a REDCap dictionary as CSV, or upload the .qsf, .lss or .json itself.";
        }

        if (head.StartsWith("%PDF"u8))
        {
            return "This is a PDF, not a survey file. Import " + Supported + ".";
        }

        if (head.StartsWith("\xFF\xFE"u8) || head.StartsWith("\xFE\xFF"u8))
        {
            return "This file is saved as UTF-16; save it as UTF-8 and import it again.";
        }

        return head.Contains((byte)0) ? "This is a binary file, not a survey file. Import " + Supported + "." : null;
    }

    private static DetectedFormat Json(byte[] file, string? fileName)
    {
        try
        {
            using var document = JsonDocument.Parse(file.AsMemory(file.AsSpan().StartsWith("\xEF\xBB\xBF"u8) ? 3 : 0), new JsonDocumentOptions { MaxDepth = 128 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Unknown("This JSON file is a list, not a survey. (A file of responses is imported on the survey's Import responses page.)");
            }

            if (root.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.String
                && format.GetString()!.StartsWith("surveyplatform.survey", StringComparison.Ordinal))
            {
                return new DetectedFormat(SurveyFileFormat.SurveyPlatform);
            }

            if (root.TryGetProperty("SurveyEntry", out _) && root.TryGetProperty("SurveyElements", out var elements) && elements.ValueKind == JsonValueKind.Array)
            {
                return new DetectedFormat(SurveyFileFormat.Qualtrics);
            }

            if ((root.TryGetProperty("pages", out var pages) && pages.ValueKind == JsonValueKind.Array)
                || (root.TryGetProperty("elements", out var items) && items.ValueKind == JsonValueKind.Array)
                || (root.TryGetProperty("questions", out var questions) && questions.ValueKind == JsonValueKind.Array))
            {
                return new DetectedFormat(SurveyFileFormat.SurveyJs);
            }

            return Unknown(fileName is not null && fileName.EndsWith(".qsf", StringComparison.OrdinalIgnoreCase)
                ? "This .qsf file is JSON but has no \"SurveyEntry\" and \"SurveyElements\"; export the survey again from Qualtrics (Tools → Import/Export → Export survey)."
                : "This JSON file is not a survey we can read: it has no \"format\" (SurveyPlatform), no \"SurveyEntry\"/\"SurveyElements\" (Qualtrics) and no \"pages\" or \"elements\" (SurveyJS).");
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}, position {ex.BytePositionInLine + 1}" : string.Empty;
            return Unknown($"The file is not valid JSON{where}; it may be cut short or edited by hand. Export it again and import the new file.");
        }
    }

    private static DetectedFormat Xml(byte[] file)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
        try
        {
            using var stream = new MemoryStream(file, writable: false);
            using var reader = XmlReader.Create(stream, settings);
            reader.MoveToContent();
            if (reader.LocalName != "document")
            {
                return Unknown($"This XML file (root <{reader.LocalName}>) is not a LimeSurvey survey structure (.lss).");
            }

            // A .lss names its kind near the top: <LimeSurveyDocType>Survey</LimeSurveyDocType>.
            while (reader.Read())
            {
                if (reader is { NodeType: XmlNodeType.Element, Depth: 1, LocalName: "LimeSurveyDocType" })
                {
                    var kind = reader.ReadElementContentAsString().Trim();
                    return kind == "Survey"
                        ? new DetectedFormat(SurveyFileFormat.LimeSurvey)
                        : Unknown($"This LimeSurvey file is a \"{kind}\" export, not a survey structure; export the whole survey (.lss).");
                }
            }

            return Unknown("This XML file is not a LimeSurvey survey structure (.lss): it has no <LimeSurveyDocType>.");
        }
        catch (XmlException ex)
        {
            return Unknown($"The file is not valid XML (line {ex.LineNumber}, position {ex.LinePosition}); it may be cut short. Export it again and import the new file.");
        }
    }

    private static DetectedFormat Csv(byte[] file, string? fileName)
    {
        var text = CsvTable.Decode(file);
        var end = text.IndexOfAny(['\r', '\n']);
        var header = CsvTable.Parse(end < 0 ? text : text[..end]).FirstOrDefault() ?? [];
        if (header.Length > 0 && string.Equals(header[0].Trim(), RedcapFirstColumn, StringComparison.OrdinalIgnoreCase))
        {
            return new DetectedFormat(SurveyFileFormat.RedcapDictionary);
        }

        if (header.Length > 1)
        {
            return Unknown($"This CSV file is not a REDCap data dictionary: its first column is \"{Shorten(header[0].Trim())}\", not \"{RedcapFirstColumn}\". (A file of responses is imported on the survey's Import responses page.)");
        }

        var extension = Path.GetExtension(fileName ?? string.Empty);
        return Unknown($"This file{(extension.Length > 0 ? $" ({extension})" : string.Empty)} is not a survey file we can read. Import {Supported}.");
    }

    private static string Shorten(string text) => text.Length > 40 ? new StringBuilder(text[..40]).Append('…').ToString() : text;
}
