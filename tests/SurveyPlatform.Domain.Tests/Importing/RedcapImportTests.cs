using System.Text;
using SurveyPlatform.Domain.Importing;
using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Tests.Importing;

/// <summary>Imports of the real REDCap dictionaries in Samples/redcap (see Samples/SOURCES.md).</summary>
public sealed class RedcapImportTests
{
    private static ImportResult Import(string name) =>
        RedcapDictionaryImporter.Import(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", "redcap", name)));

    private static Dictionary<string, QuestionDefinition> ByCode(ImportResult result) =>
        result.Definition.Questions.ToDictionary(q => q.Code);

    [Fact]
    public void SurveyDictionary_FormsBecomePages_AndFieldsKeepTheirTypesAndCodes()
    {
        var result = Import("survey.dictionary.csv");
        Assert.Equal(["Prescreening survey", "Participant info survey", "Participant morale questionnaire", "Completion data"], result.Definition.Pages.Select(p => p.Title));
        Assert.Equal(26, result.Definition.Questions.Count); // 25 fields and one mid-form section header
        Assert.Equal("As a participant in this study, please answer the questions below. Thank you!", result.Definition.Pages[1].Intro);
        var q = ByCode(result);
        Assert.Equal(QuestionType.Date, q["dob"].Type);
        Assert.Equal(TextValidation.Email, q["email"].Validation);
        Assert.Equal(["1", "0"], q["has_diabetes"].Options.Select(o => o.Code));
        Assert.Equal(QuestionType.MultipleChoice, q["consent"].Type);
        Assert.Equal(QuestionType.LongText, q["address"].Type);
        Assert.Equal(TextValidation.Regex, q["telephone_1"].Validation);
        Assert.Equal("Include Area Code", q["telephone_1"].Help);
        Assert.Equal(ChoiceDisplay.Dropdown, q["race"].Display);
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6"], q["race"].Options.Select(o => o.Code));
        Assert.Equal("Native Hawaiian or Other Pacific Islander", q["race"].Options[2].Label);
        Assert.Equal((QuestionType.Number, 130m, 215m, false), (q["height"].Type, q["height"].Min, q["height"].Max, q["height"].WholeNumbers));
        Assert.Equal((QuestionType.Number, 35m, 200m, true), (q["weight"].Type, q["weight"].Min, q["weight"].Max, q["weight"].WholeNumbers));
        Assert.Equal(QuestionType.Descriptive, q["section_1"].Type);
        Assert.Empty(result.Notes);
        Assert.Empty(DefinitionCheck.Problems(result.Definition));
    }

    [Fact]
    public void SimpleDictionary_ReportsCalcAndFileFieldsItCouldNotMap()
    {
        var result = Import("simple.dictionary.csv");
        Assert.Equal(3, result.Definition.Pages.Count);
        Assert.Equal(16, result.Definition.Questions.Count);
        Assert.DoesNotContain("bmi", result.Definition.Questions.Select(q => q.Code));
        Assert.Equal(
            ["Line 13: \"bmi\" is a calc field, which has no equivalent here; it was not imported.",
             "Line 15: \"mugshot\" is a file field, which has no equivalent here; it was not imported."],
            result.Notes);
        Assert.Equal(6, ByCode(result)["race"].Options.Count);
        Assert.Empty(DefinitionCheck.Problems(result.Definition));
    }

    [Fact]
    public void ValidationTypes_MapWhereTheyCan_AndListTheRest()
    {
        var result = Import("validation-types-1.dictionary.csv");
        var q = ByCode(result);
        Assert.Equal(48, result.Definition.Questions.Count);
        Assert.Equal(QuestionType.Date, q["v_date_dmy"].Type);
        Assert.True(q["v_integer"].WholeNumbers);
        Assert.Equal(QuestionType.Number, q["v_number_2dp"].Type);
        Assert.Equal("[0-9]{5}(-[0-9]{4})?", q["v_zipcode"].Pattern);
        Assert.Equal(QuestionType.ShortText, q["v_datetime_ymd"].Type);
        Assert.Equal((0m, 100m), (q["f_slider"].Min!.Value, q["f_slider"].Max!.Value));
        Assert.Contains("Line 25: \"v_datetime_ymd\" uses the validation \"datetime_ymd\", which has no equivalent here; it became plain text.", result.Notes);
        Assert.Contains("Line 12: \"f_sql\" is a sql field, which has no equivalent here; it was not imported.", result.Notes);
        Assert.Equal(19, result.Notes.Count);
        Assert.Empty(DefinitionCheck.Problems(result.Definition));
    }

    [Fact]
    public void Checkboxes_AndCommaDecimals_AndAwkwardText_Import()
    {
        var checkboxes = Import("checkboxes-1.dictionary.csv");
        Assert.Equal(["a", "b", "c", "d", "e"], ByCode(checkboxes)["check_two"].Options.Select(o => o.Code));

        var decimals = Import("decimal-comma-and-dot.dictionary.csv");
        Assert.Equal(6, decimals.Definition.Questions.Count);
        Assert.Equal(4, decimals.Notes.Count);

        var problematic = Import("potentially-problematic-dictionary.dictionary.csv"); // BOM, invalid UTF-8, doubled quotes
        var q = ByCode(problematic);
        Assert.Equal(6, problematic.Definition.Questions.Count);
        Assert.Equal("Maybe I don't \"look the part\"", q["curly_quote_double_left"].Text);
        Assert.Equal(["0", "1", "3"], q["v1"].Options.Select(o => o.Code));
    }

    [Fact]
    public void BranchingLogic_AndMatrixGroups_AreTranslated()
    {
        const string Csv = """
            "Variable / Field Name","Form Name","Section Header","Field Type","Field Label","Choices, Calculations, OR Slider Labels","Field Note","Text Validation Type OR Show Slider Number","Text Validation Min","Text Validation Max",Identifier?,"Branching Logic (Show field only if...)","Required Field?","Custom Alignment","Question Number (surveys only)","Matrix Group Name","Matrix Ranking?","Field Annotation"
            segment,about,,radio,Segment,"1, Payer | 2, Provider | -1, Other",,,,,,,y,,,,,
            tools,about,,checkbox,Tools,"a, A | b, B",,,,,,,,,,,,
            beds,about,,text,Beds,,,integer,0,,,"[segment] = '2' and [tools(a)] = '1'",,,,,,
            why,about,,notes,Why,,,,,,,"[beds] > 100 or [tools(b)] = '0' or [segment] <> ''",,,,,,
            odd,about,,text,Odd,,,,,,,"datediff([beds], 'today', 'd') > 3",,,,,,
            s1,grid,"How satisfied are you?",radio,Food,"1, Low | 2, High",,,,,,,y,,,sat,,
            s2,grid,,radio,Staff,"1, Low | 2, High",,,,,,,y,,,sat,,
            """;
        var result = RedcapDictionaryImporter.Import(Encoding.UTF8.GetBytes(Csv));
        var q = ByCode(result);
        Assert.Equal(["1", "2", "m1"], q["segment"].Options.Select(o => o.Code));
        Assert.True(q["segment"].Required);
        Assert.Equal("segment = 2 and tools = a", q["beds"].Condition);
        Assert.Equal("beds > 100 or tools != b or segment is answered", q["why"].Condition);
        Assert.Null(q["odd"].Condition);
        Assert.Contains(result.Notes, n => n.StartsWith("Line 6: the branching logic of \"odd\"", StringComparison.Ordinal));
        Assert.Contains("Line 2: the choice code \"-1\" became \"m1\" (codes use letters, digits and _).", result.Notes);

        var matrix = q["sat"];
        Assert.Equal(QuestionType.MatrixSingle, matrix.Type);
        Assert.Equal(["s1", "s2"], matrix.Rows.Select(r => r.Code));
        Assert.Equal(["Food", "Staff"], matrix.Rows.Select(r => r.Label));
        Assert.True(matrix.Required);
        Assert.Empty(DefinitionCheck.Problems(result.Definition));
    }

    [Theory]
    [InlineData("")]
    [InlineData("name,email\nAda,ada@example.org\n")]
    [InlineData("<?xml version=\"1.0\"?><document><LimeSurveyDocType>Survey</LimeSurveyDocType></document>")]
    public void AFileThatIsNotADictionary_GivesAClearError(string content)
    {
        var error = Assert.Throws<ImportFormatException>(() => RedcapDictionaryImporter.Import(Encoding.UTF8.GetBytes(content)));
        Assert.Matches("empty|not a REDCap data dictionary", error.Message);
    }
}
