using SurveyPlatform.Domain.Importing;
using SurveyPlatform.Domain.Importing.Responses;

namespace SurveyPlatform.Domain.Tests.Importing.Responses;

/// <summary>REDCap records exports read against the survey made from the same project's data dictionary (Samples/redcap and Samples/redcap-records, see Samples/SOURCES.md).</summary>
public sealed class RedcapRecordsImportTests
{
    private static readonly DateTime Now = new(2026, 12, 5, 12, 0, 0, DateTimeKind.Utc);

    private static byte[] Sample(string folder, string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", folder, name));

    private static ResponseRowsResult Check(string records) =>
        ResponseRows.Check(
            RedcapDictionaryImporter.Import(Sample("redcap", "simple.dictionary.csv")).Definition,
            ResponseFile.Read(Sample("redcap-records", records), ResponseFileFormat.Csv),
            idColumn: null,
            submittedColumn: null,
            Now);

    [Fact]
    public void TheProjectsOwnExport_IsRefused_WithEveryValueThatDoesNotFitTheDictionary()
    {
        var result = Check("simple.data.csv");
        Assert.Empty(result.Rows);
        Assert.Equal(
            [(2, "sex"), (2, "height"), (2, "weight"), (3, "sex"), (3, "height"), (3, "weight"), (4, "sex"), (5, "sex"), (6, "sex")],
            result.Errors.Select(e => (e.Row, e.Column)));
        Assert.Equal("\"FALSE\" is not an option code of sex; the codes are 0, 1.", result.Errors[0].Message);
        Assert.Equal("\"7\": Enter a number from 130 to 215.", result.Errors[1].Message);
    }

    [Fact]
    public void TheMatchingRecordsFile_Imports_WithRecordIdsCheckboxesAndMultiLineText()
    {
        var result = Check("simple.records.csv");
        Assert.Empty(result.Errors);
        Assert.Equal("record_id", result.IdColumn);
        Assert.Equal(["demographics_complete", "bmi", "mugshot", "health_complete", "race_and_ethnicity_complete"], result.IgnoredColumns);
        Assert.Equal(["1", "2", "3", "4", "5"], result.Rows.Select(r => r.ExternalId));
        var trudy = result.Rows[3].Answers;
        Assert.Equal("2;5", trudy["race"]);
        Assert.Equal("1", trudy["ethnicity"]);
        Assert.Equal("1952-11-02", trudy["dob"]);
        Assert.Equal("This record doesn't have a DAG assigned\n\nSo call up Trudy on the telephone\nSend her a letter in the mail", trudy["comments"]);
        Assert.Equal("1;6", result.Rows[4].Answers["race"]);
        Assert.Equal("193.04", result.Rows[4].Answers["height"]);
    }
}
