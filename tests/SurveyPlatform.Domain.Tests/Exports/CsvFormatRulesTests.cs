using SurveyPlatform.Domain.Exports;

namespace SurveyPlatform.Domain.Tests.Exports;

public sealed class CsvFormatRulesTests
{
    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("plain", "plain")]
    [InlineData("a=b", "a=b")]
    [InlineData("", "")]
    public void TextCell_StartingLikeAFormula_IsNeutralised(string value, string expected) =>
        Assert.Equal(expected, CsvFormat.Escape(CsvFormat.Cell.Text(value)));

    [Theory]
    [InlineData("-3.5", "-3.5")]
    [InlineData("12", "12")]
    public void NumberCell_IsNeverAltered(string value, string expected) =>
        Assert.Equal(expected, CsvFormat.Escape(CsvFormat.Cell.Number(value)));

    [Fact]
    public void Row_QuotesCommasQuotesAndLineBreaks_AndEndsWithCrLf()
    {
        var row = CsvFormat.Row([CsvFormat.Cell.Text("a,b"), CsvFormat.Cell.Text("say \"hi\""), CsvFormat.Cell.Text("two\nlines"), CsvFormat.Cell.Text(" padded "), CsvFormat.Cell.Number("1")]);
        Assert.Equal("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded \",1\r\n", row);
    }
}
