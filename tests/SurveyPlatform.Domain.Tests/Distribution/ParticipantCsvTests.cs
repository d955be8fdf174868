using System.Text;
using SurveyPlatform.Domain.Distribution;

namespace SurveyPlatform.Domain.Tests.Distribution;

/// <summary>Participant lists: header detection, encodings, delimiters, and every problem reported by row or by file.</summary>
public sealed class ParticipantCsvTests
{
    private static ParticipantCsvResult Read(string text, params string[] existing) => ParticipantCsv.Read(Encoding.UTF8.GetBytes(text), existing);

    private static ParticipantCsvRow Row(ParticipantCsvResult result, int line) => result.Rows.Single(r => r.Line == line);

    [Fact]
    public void AListWithBadRows_ReportsEachProblemOnItsLine_AndKeepsTheGoodRowsWithTheirAttributes()
    {
        var result = Read(
            "Email,First Name,last_name,Organisation,Segment\r\n" +
            "ana@example.org,Ana,Lima,St Mary's,provider\r\n" +
            "not-an-address,Bo,Berg,,\r\n" +
            "\r\n" +
            "ANA@example.org,Ana,Again,,\r\n" +
            "cy@example.org,Cy,Dahl,\"Dahl, Dahl & Co\",payer\r\n" +
            "old@example.org,Old,Timer,,\r\n" +
            ",No,Address,,\r\n",
            "Old@Example.org");

        Assert.Empty(result.Errors);
        Assert.Equal(',', result.Delimiter);
        Assert.Equal(["organisation", "segment"], result.AttributeNames);
        Assert.Equal([2, 3, 5, 6, 7, 8], result.Rows.Select(r => r.Line));
        Assert.Equal(["ana@example.org", "cy@example.org"], result.Importable.Select(r => r.Email));

        var ana = Row(result, 2);
        Assert.Equal(("Ana", "Lima"), (ana.FirstName, ana.LastName));
        Assert.Equal(new Dictionary<string, string> { ["organisation"] = "St Mary's", ["segment"] = "provider" }, ana.Attributes);
        Assert.Equal("Dahl, Dahl & Co", Row(result, 6).Attributes["organisation"]);

        Assert.Equal(ParticipantCsvProblemKind.InvalidEmail, Assert.Single(Row(result, 3).Problems).Kind);
        var duplicate = Assert.Single(Row(result, 5).Problems);
        Assert.Equal((ParticipantCsvProblemKind.DuplicateInFile, "The same e-mail address as line 2."), (duplicate.Kind, duplicate.Message));
        Assert.Equal(ParticipantCsvProblemKind.AlreadyParticipant, Assert.Single(Row(result, 7).Problems).Kind);
        Assert.Equal(ParticipantCsvProblemKind.MissingEmail, Assert.Single(Row(result, 8).Problems).Kind);
    }

    [Fact]
    public void ASemicolonFileWithABom_IsRead_AndCommasInsideValuesSurvive()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("E-mail;Vorname;Nachname;first name;Region\nana@example.org;x;y;Ana;Nord, Ost\n\"bo@example.org\";;;\"Bo; Jr\";\"Süd\"\n")).ToArray();
        var result = ParticipantCsv.Read(bytes, []);

        Assert.Empty(result.Errors);
        Assert.Equal(';', result.Delimiter);
        Assert.Equal(ParticipantCsvColumnKind.Email, result.Columns[0].Kind);
        Assert.Equal("E-mail", result.Columns[0].Header);
        Assert.Equal(["vorname", "nachname", "region"], result.AttributeNames);
        Assert.Equal(("ana@example.org", "Ana", "Nord, Ost"), (result.Rows[0].Email, result.Rows[0].FirstName, result.Rows[0].Attributes["region"]));
        Assert.Equal(("bo@example.org", "Bo; Jr", "Süd"), (result.Rows[1].Email, result.Rows[1].FirstName, result.Rows[1].Attributes["region"]));
        Assert.All(result.Rows, r => Assert.True(r.IsValid));
    }

    [Fact]
    public void LineNumbers_FollowTheFile_EvenWhenAQuotedValueSpansLines()
    {
        var result = Read("email,note\na@example.org,\"two\nlines\"\nb@example.org,x\n\n\nnope,y");
        Assert.Equal([2, 4, 7], result.Rows.Select(r => r.Line));
        Assert.Equal("two\nlines", result.Rows[0].Attributes["note"]);
        Assert.False(Row(result, 7).IsValid);
    }

    [Theory]
    [InlineData("Organisation", "organisation")]
    [InlineData("Région (UK)", "region_uk")]
    [InlineData("  cost centre / team ", "cost_centre_team")]
    [InlineData("2024 cohort", "attr_2024_cohort")]
    [InlineData("A very long column name that keeps going on and on", "a_very_long_column_name_that_kee")]
    [InlineData("★★", "")]
    public void AttributeNames_BecomeCodes(string header, string code) => Assert.Equal(code, ParticipantCsv.AttributeCode(header));

    [Fact]
    public void ColumnsThatBecomeTheSameAttribute_AreMergedWhereTheyAgree_AndRefusedWhereTheyDiffer()
    {
        var result = Read("email,Region,region ,★\na@example.org,North,,\nb@example.org,North,North,\nc@example.org,North,South,\nd@example.org,,South,x\n");
        Assert.Empty(result.Errors);
        Assert.Contains(result.Notes, n => n.Contains("all become the attribute \"region\"", StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.Contains("Column 4", StringComparison.Ordinal));
        Assert.Equal(["North", "North", "South"], result.Importable.Select(r => r.Attributes["region"]));
        var refused = Assert.Single(result.Refused);
        Assert.Equal(4, refused.Line);
        Assert.Equal(ParticipantCsvProblemKind.AttributeCollision, Assert.Single(refused.Problems).Kind);
        Assert.Equal(["region"], result.AttributeNames);
    }

    [Fact]
    public void TooLongNamesAndAnUnquotedDelimiter_AreRefusedWithAReason()
    {
        var longName = new string('x', Participant.NameMaxLength + 1);
        var result = Read($"email,first name,last name,organisation\na@example.org,{longName},Lima,\nb@example.org,Bo,Berg,Dahl, Dahl & Co\nc@example.org,Cy,Dahl,,,\n");
        Assert.Equal(ParticipantCsvProblemKind.NameTooLong, Assert.Single(Row(result, 2).Problems).Kind);
        var shifted = Assert.Single(Row(result, 3).Problems);
        Assert.Equal(ParticipantCsvProblemKind.TooManyValues, shifted.Kind);
        Assert.Contains("in double quotes", shifted.Message, StringComparison.Ordinal);
        Assert.True(Row(result, 4).IsValid, "trailing empty values, as spreadsheets write them, are fine");
    }

    [Fact]
    public void AWindows1252File_IsReadWithANote()
    {
        var latin = Encoding.Latin1.GetBytes("email,first name,note\nze@example.org,Jos\u00e9,\u00a3 5\n");
        latin = [.. latin[..^1], 0x80, (byte)'\n'];
        var result = ParticipantCsv.Read(latin, []);
        Assert.Empty(result.Errors);
        Assert.Equal("José", result.Rows[0].FirstName);
        Assert.Contains("Windows-1252", Assert.Single(result.Notes), StringComparison.Ordinal);
        Assert.Equal("\u00a3 5\u20ac", result.Rows[0].Attributes["note"]);
    }

    public static TheoryData<byte[], string> BadFiles => new()
    {
        { [], "The file is empty." },
        { Encoding.UTF8.GetBytes("\r\n  \n"), "The file is empty." },
        { [0xEF, 0xBB, 0xBF], "The file is empty." },
        { [(byte)'P', (byte)'K', 3, 4, 20, 0, 6, 0, 8, 0], "Excel workbook" },
        { [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], "older Excel workbook" },
        { Encoding.ASCII.GetBytes("%PDF-1.7\n%âãÏÓ"), "PDF" },
        { Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("email\ta@example.org")).ToArray(), "UTF-16" },
        { [.. Enumerable.Range(0, 600).Select(i => (byte)((i * 97 + 13) % 256))], "binary data" },
        { [.. Enumerable.Range(0, 600).Select(i => (byte)(1 + ((i * 97 + 13) % 255)))], "not a CSV file" },
        { Encoding.UTF8.GetBytes("{\"email\": \"a@example.org\"}"), "JSON document" },
        { Encoding.UTF8.GetBytes("<html><body>hi</body></html>"), "HTML or XML" },
        { Encoding.UTF8.GetBytes("name,organisation\nAna,St Mary's\n"), "No e-mail column" },
        { Encoding.UTF8.GetBytes("ana@example.org,Ana,Lima\nbo@example.org,Bo,Berg\n"), "holds data (\"ana@example.org\")" },
        { Encoding.UTF8.GetBytes("email,Mail,first name\n"), "both hold the e-mail address" },
        { Encoding.UTF8.GetBytes("email,first name\n,,\n"), "no people" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void AFileThatIsNotAParticipantList_GetsOneClearError_NeverAnException(byte[] bytes, string message)
    {
        var result = ParticipantCsv.Read(bytes, ["a@example.org"]);
        Assert.Contains(message, Assert.Single(result.Errors), StringComparison.Ordinal);
        Assert.Empty(result.Rows);
    }

    [Fact]
    public void RandomInput_IsEitherReadOrRefusedWithAMessage_AndAValidRowBeforeItSurvives()
    {
        const string alphabet = "ab@.,;\"\r\n \tx";
        var random = new Random(5);
        for (var i = 0; i < 500; i++)
        {
            var bytes = new byte[random.Next(0, 300)];
            random.NextBytes(bytes);
            var ascii = bytes.Select(b => (byte)alphabet[b % alphabet.Length]).ToArray();
            AssertReadOrRefused(ParticipantCsv.Read(bytes, []), $"random bytes, case {i}");
            AssertReadOrRefused(ParticipantCsv.Read(ascii, []), $"random text, case {i}");

            // A good row ahead of the noise is read, and importable, whatever follows it.
            var result = ParticipantCsv.Read([.. "email,x\nfirst@example.org,1\n"u8, .. ascii], ["a@b.org"]);
            AssertReadOrRefused(result, $"a good row then noise, case {i}");
            Assert.Empty(result.Errors);
            var first = Row(result, 2);
            Assert.True(first.IsValid, $"case {i}: {string.Join(" ", first.Problems.Select(p => p.Message))}");
            Assert.Equal("first@example.org", first.Email);
            Assert.Equal("1", first.Attributes["x"]);
            Assert.Contains(first, result.Importable);
        }
    }

    /// <summary>Either the whole file is refused with a message and no rows, or it is read: rows on lines after the header, in order, each importable or refused with a message.</summary>
    private static void AssertReadOrRefused(ParticipantCsvResult result, string what)
    {
        if (result.HasErrors)
        {
            Assert.True(result.Errors.All(e => !string.IsNullOrWhiteSpace(e)), $"{what}: a file-level error without a message");
            Assert.Empty(result.Rows);
            return;
        }

        var lines = result.Rows.Select(r => r.Line).ToList();
        Assert.True(lines.All(l => l >= 2), $"{what}: a row on the header's line ({string.Join(", ", lines)})");
        Assert.True(lines.Zip(lines.Skip(1)).All(p => p.First < p.Second), $"{what}: rows out of order ({string.Join(", ", lines)})");
        foreach (var row in result.Rows)
        {
            Assert.True(row.IsValid || row.Problems.All(p => !string.IsNullOrWhiteSpace(p.Message)), $"{what}: line {row.Line} refused without a message");
            Assert.Equal(row.IsValid, result.Importable.Contains(row));
        }
    }
}
