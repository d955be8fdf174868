using System.Text;
using SurveyPlatform.Domain.Importing;

namespace SurveyPlatform.Domain.Tests.Importing;

public sealed class SurveyFileDetectorTests
{
    public static TheoryData<string, string, SurveyFileFormat> Samples()
    {
        var data = new TheoryData<string, string, SurveyFileFormat>();
        foreach (var (folder, format) in new[] { ("qualtrics", SurveyFileFormat.Qualtrics), ("surveyjs", SurveyFileFormat.SurveyJs), ("limesurvey", SurveyFileFormat.LimeSurvey), ("redcap", SurveyFileFormat.RedcapDictionary) })
        {
            foreach (var path in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Samples", folder)).Order(StringComparer.Ordinal))
            {
                data.Add(folder, Path.GetFileName(path), format);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void EverySample_IsRecognisedByItsContent_WhateverItIsCalled(string folder, string name, SurveyFileFormat format)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", folder, name));
        Assert.Equal(format, SurveyFileDetector.Detect(bytes, name).Format);
        Assert.Equal(format, SurveyFileDetector.Detect(bytes, "upload.txt").Format);
    }

    [Fact]
    public void OurOwnDocument_IsRecognised()
    {
        var json = SurveyDocument.Of("T", "", new SurveyPlatform.Domain.Questionnaires.SurveyDefinition()).ToJson();
        Assert.Equal(SurveyFileFormat.SurveyPlatform, SurveyFileDetector.Detect(Encoding.UTF8.GetBytes(json), "x.csv").Format);
    }

    [Theory]
    [InlineData("", "The file is empty.")]
    [InlineData(" \r\n ", "The file is empty.")]
    [InlineData("{\"pages\": [", "The file is not valid JSON")]
    [InlineData("[{\"a\": 1}]", "This JSON file is a list")]
    [InlineData("{\"title\": \"x\"}", "This JSON file is not a survey we can read")]
    [InlineData("<root/>", "is not a LimeSurvey survey structure")]
    [InlineData("<!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>", "The file is not valid XML")]
    [InlineData("record_id,name\n1,Ada\n", "This CSV file is not a REDCap data dictionary: its first column is \"record_id\"")]
    [InlineData("hello", "is not a survey file we can read")]
    [InlineData("PK\u0003\u0004rest", "ZIP archive")]
    [InlineData("abc\u0000def", "This is a binary file")]
    public void AFileWeCannotRead_IsUnknown_WithOneClearReason(string content, string message)
    {
        var detected = SurveyFileDetector.Detect(Encoding.UTF8.GetBytes(content), "file.dat");
        Assert.Equal(SurveyFileFormat.Unknown, detected.Format);
        Assert.Contains(message, detected.Problem, StringComparison.Ordinal);
        var error = Assert.Throws<ImportFormatException>(() => SurveyImport.Read(Encoding.UTF8.GetBytes(content), "file.dat"));
        Assert.Equal(detected.Problem, error.Message);
    }

    [Fact]
    public void ATruncatedLss_IsRefusedByTheImporter_WithItsXmlError()
    {
        var lss = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", "limesurvey", "ls205_self_and_that.lss"));
        var truncated = lss[..(lss.Length / 2)];
        Assert.Equal(SurveyFileFormat.LimeSurvey, SurveyFileDetector.Detect(truncated, "x.lss").Format);
        var error = Assert.Throws<ImportFormatException>(() => SurveyImport.Read(truncated, "x.lss"));
        Assert.StartsWith("This is not a LimeSurvey .lss file: it is not valid XML", error.Message, StringComparison.Ordinal);
    }
}
