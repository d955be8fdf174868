using System.Text;

namespace SurveyPlatform.Web.Tests.Infrastructure;

/// <summary>Reads CSV exports in tests.</summary>
internal static class CsvText
{
    /// <summary>
    /// A strict RFC 4180 reader: fields are quoted or not, "" inside quotes is one quote, records end
    /// with CRLF. A bare CR or LF outside quotes, a quote inside an unquoted field, or text after a
    /// closing quote fails the test, as does a last record without its CRLF.
    /// </summary>
    public static List<string[]> Parse(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                i++;
                while (true)
                {
                    Assert.True(i < text.Length, "A quoted field is never closed.");
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(text[i++]);
                }

                Assert.True(i == text.Length || text[i] is ',' or '\r', $"Text after a closing quote at {i}.");
            }
            else
            {
                while (i < text.Length && text[i] is not (',' or '\r'))
                {
                    Assert.False(text[i] is '"' or '\n', $"A bare {(text[i] == '"' ? "quote" : "LF")} in an unquoted field at {i}.");
                    field.Append(text[i++]);
                }
            }

            row.Add(field.ToString());
            field.Clear();
            if (i == text.Length)
            {
                Assert.Fail("The last record does not end with CRLF.");
            }

            if (text[i] == ',')
            {
                i++;
                continue;
            }

            Assert.True(i + 1 < text.Length && text[i + 1] == '\n', $"A CR without LF at {i}.");
            i += 2;
            rows.Add([.. row]);
            row.Clear();
        }

        Assert.Empty(row);
        Assert.NotEmpty(rows);
        return rows;
    }
}
