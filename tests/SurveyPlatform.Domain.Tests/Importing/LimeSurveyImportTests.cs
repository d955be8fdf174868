using System.Text;
using SurveyPlatform.Domain.Importing;
using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Tests.Importing;

/// <summary>Imports of the real LimeSurvey structures in Samples/limesurvey (see Samples/SOURCES.md).</summary>
public sealed class LimeSurveyImportTests
{
    private static (ImportResult Result, string Title) Import(string name)
    {
        var result = LimeSurveyImporter.Import(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", "limesurvey", name)), out var title);
        return (result, title);
    }

    [Fact]
    public void ModernSample_GroupsBecomePages_AndTheCommonTypesMap()
    {
        var (result, title) = Import("ls7_Samplesurvey_en_de.lss");
        Assert.Equal("LS7 - Beispielumfrage", title); // the base language is German
        Assert.Equal(["Einfachauswahl", "Matrixfragen", "Mehrfachauswahl", "Textfragen", "Maskenfragen", "Gleichung"], result.Definition.Pages.Select(p => p.Title));
        Assert.Equal(43, result.Definition.Questions.Count);
        var q = result.Definition.Questions.ToDictionary(x => x.Code);
        Assert.Equal(QuestionType.Rating, q["G00Q02"].Type);
        Assert.Equal(ChoiceDisplay.Dropdown, q["G00Q06"].Display);
        Assert.Equal(["AO01", "AO02", "AO03", "AO04"], q["G00Q07"].Options.Select(o => o.Code));
        Assert.Equal((QuestionType.MatrixSingle, 4, 4), (q["Q002"].Type, q["Q002"].Rows.Count, q["Q002"].Options.Count));
        Assert.Equal((QuestionType.MatrixRating, 10), (q["G01Q10"].Type, q["G01Q10"].ScaleMax));
        Assert.Equal(["I", "S", "D"], q["G01Q11"].Options.Select(o => o.Code));
        Assert.Equal(QuestionType.MultipleChoice, q["G03Q19"].Type);
        Assert.Equal(["SQ001", "SQ002", "SQ003", "SQ004"], q["G05Q33"].Options.Select(o => o.Code));
        Assert.Equal(QuestionType.Date, q["G05Q27"].Type);
        Assert.Equal(QuestionType.YesNo, q["G05Q36"].Type);
        Assert.Equal(QuestionType.Descriptive, q["G05Q35"].Type);
        Assert.Equal(QuestionType.Number, q["G05Q31_SQ002"].Type);
        Assert.Contains("Question \"G05Q29\" has the LimeSurvey type \"|\" (file upload), which has no equivalent here; it was not imported.", result.Notes);
        Assert.Contains("Question \"BMI\" has the LimeSurvey type \"*\" (equation), which has no equivalent here; it was not imported.", result.Notes);
        Assert.Contains("Question \"G02Q16\": a dual-scale array became a matrix of its first scale only.", result.Notes);
        Assert.Equal(11, result.Notes.Count);
        Assert.Empty(DefinitionCheck.Problems(result.Definition));
    }

    [Fact]
    public void LegacySample_ReadsTextFromTheLanguageColumns()
    {
        var (result, title) = Import("ls205_em_validation_q.lss");
        Assert.Equal("em_validation_q", title);
        Assert.Equal(["mc", "a", "b", "c", "e", "f", "p", "r"], result.Definition.Questions.Select(q => q.Code));
        Assert.Equal(
            [QuestionType.MultipleChoice, QuestionType.MatrixRating, QuestionType.MatrixRating, QuestionType.MatrixSingle, QuestionType.MatrixSingle, QuestionType.MatrixSingle, QuestionType.MultipleChoice, QuestionType.Ranking],
            result.Definition.Questions.Select(q => q.Type));
        Assert.Equal(5, result.Definition.Find("r")!.Options.Count);
        Assert.StartsWith("Pick some answers", result.Definition.Find("mc")!.Text, StringComparison.Ordinal);
        Assert.Empty(DefinitionCheck.Problems(result.Definition));
    }

    [Fact]
    public void RelevanceItCannotTranslate_IsListed_AndPublishValidationNamesTheDanglingPipes()
    {
        var (result, _) = Import("ls205_self_and_that.lss");
        Assert.Equal(["q2", "q3"], result.Definition.Questions.Select(q => q.Code));
        Assert.Contains(result.Notes, n => n.StartsWith("The relevance of question q2 (count(that.q1.NAOK) > 0) could not be translated", StringComparison.Ordinal));
        Assert.Equal("other", result.Definition.Find("q3")!.OtherOption);
        Assert.Contains(DefinitionCheck.Problems(result.Definition), p => p.Contains("{q1_1_A}", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("q1 == \"A1\"", "q1 = A1")]
    [InlineData("q1.NAOK == 'A2' && !is_empty(q1)", "q1 = A2 and q1 is answered")]
    [InlineData("is_empty(q1) || q1.NAOK != \"A1\"", "q1 is not answered or q1 != A1")]
    [InlineData("1", null)]
    public void Relevance_SimpleExpressions_Translate(string expression, string? expected) =>
        Assert.Equal(expected, LimeSurveyImporter.Translate(expression, "test", ["q1"], []));

    [Theory]
    [InlineData("not xml at all")]
    [InlineData("<document><LimeSurveyDocType>Group</LimeSurveyDocType></document>")]
    [InlineData("\"Variable / Field Name\",\"Form Name\"\nrecord_id,form_1\n")]
    public void AFileThatIsNotAnLss_GivesAClearError(string content)
    {
        var error = Assert.Throws<ImportFormatException>(() => LimeSurveyImporter.Import(Encoding.UTF8.GetBytes(content), out _));
        Assert.StartsWith("This is not a LimeSurvey", error.Message, StringComparison.Ordinal);
    }
}
