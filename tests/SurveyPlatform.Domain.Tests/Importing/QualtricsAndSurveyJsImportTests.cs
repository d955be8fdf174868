using System.Text;
using SurveyPlatform.Domain.Importing;
using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Tests.Importing;

/// <summary>Imports of the real Qualtrics and SurveyJS files in Samples/qualtrics and Samples/surveyjs (see Samples/SOURCES.md).</summary>
public sealed class QualtricsAndSurveyJsImportTests
{
    private static byte[] Sample(string folder, string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", folder, name));

    private static ImportedSurvey Read(string folder, string name) => SurveyImport.Read(Sample(folder, name), name);

    [Theory]
    [InlineData("qualtrics", "Sample_Survey.qsf", "Sample Survey", 4, 40, 84, 1, 26)]
    [InlineData("qualtrics", "Survey_Logic_EVERYWHERE.qsf", "Survey Logic EVERYWHERE", 1, 5, 18, 4, 15)]
    [InlineData("surveyjs", "angular-example-quiz.json", "American History", 4, 8, 24, 0, 19)]
    [InlineData("surveyjs", "python-surveyjs_test_survey_schema.json", "Test Survey", 5, 25, 37, 0, 19)]
    [InlineData("surveyjs", "questiontype-panel.json", "questiontype-panel", 1, 3, 3, 2, 2)]
    public void EverySample_ImportsWithKnownCounts_AndPassesThePublishCheck(string folder, string name, string title, int pages, int questions, int options, int conditions, int notes)
    {
        var imported = Read(folder, name);
        Assert.Equal(title, imported.Title);
        Assert.Equal((pages, questions, options, conditions, notes), (imported.Pages, imported.Questions, imported.Options, imported.Conditions, imported.Result.Notes.Count));
        Assert.Empty(DefinitionCheck.Problems(imported.Result.Definition));
    }

    [Fact]
    public void QualtricsSample_BlocksInFlowOrder_RecodesAsCodes_AndTheDropsListed()
    {
        var result = Read("qualtrics", "Sample_Survey.qsf").Result;
        Assert.Equal(["Normal", "With HTML", "With Survey Logic", "With Recoded Values"], result.Definition.Pages.Select(p => p.Title));
        var q = result.Definition.Questions.ToDictionary(x => x.Code);
        Assert.Equal(QuestionType.SingleChoice, q["fruits"].Type);
        Assert.Equal(["143", "132", "142"], q["Q45"].Options.Select(o => o.Code));
        Assert.Equal(QuestionType.MatrixSingle, q["Q47"].Type);
        Assert.Equal(["12", "2", "3"], q["Q47"].Options.Select(o => o.Code));
        Assert.Equal(["orange_ish", "violet", "bloody"], q["Q47"].Rows.Select(r => r.Code));
        Assert.Equal(QuestionType.MultipleChoice, q["Q44_1"].Type);
        Assert.Equal((QuestionType.Number, 0m, 100m), (q["Q5_1"].Type, q["Q5_1"].Min, q["Q5_1"].Max));
        Assert.Equal("fruits = 1", q["Q36"].Condition);
        Assert.Contains("Question \"Q4\" is a Qualtrics \"SBS\" question (side-by-side), which has no equivalent here; it was not imported.", result.Notes);
        Assert.Contains("20 question(s) in the trash (\"Trash / Unused Questions\") were not imported.", result.Notes);
        Assert.Contains(result.Notes, n => n.StartsWith("The display logic of question Q43", StringComparison.Ordinal) && n.Contains("whether a choice was displayed cannot be tested here", StringComparison.Ordinal));
        Assert.Equal(8, result.Notes.Count(n => n.Contains("no equivalent here; it was not imported", StringComparison.Ordinal)));
    }

    [Fact]
    public void QualtricsFlowAndSkipLogic_BecomeConditions_WhereOurGrammarCanSayThem()
    {
        var result = Read("qualtrics", "Survey_Logic_EVERYWHERE.qsf").Result;
        var q = result.Definition.Questions.ToDictionary(x => x.Code);
        Assert.Null(q["Q1"].Condition);
        Assert.Equal("not Q1 = 1 and not Q2 = 1", q["Q3"].Condition);
        Assert.Equal("not Q1 = 1 and not Q3 = 2", q["Q5"].Condition);
        Assert.Contains(result.Notes, n => n.Contains("Device Type Is Mobile", StringComparison.Ordinal) && n.Contains("blocks inside it are always shown", StringComparison.Ordinal));
        Assert.Contains("The survey flow element \"WebService\" (FL_7) has no equivalent here and was ignored.", result.Notes);
        Assert.Equal(2, result.Notes.Count(n => n.StartsWith("Block \"Default Question Block\" appears in the survey flow more than once", StringComparison.Ordinal)));
    }

    [Fact]
    public void QualtricsEmbeddedData_BecomesParticipantAttributes_InConditions()
    {
        var qsf = """
        {"SurveyEntry":{"SurveyName":"Embedded"},"SurveyElements":[
          {"Element":"BL","Payload":[{"Type":"Default","Description":"One","ID":"BL_1","BlockElements":[{"Type":"Question","QuestionID":"QID1"},{"Type":"Page Break"},{"Type":"Question","QuestionID":"QID2"}]}]},
          {"Element":"FL","Payload":{"Type":"Root","Flow":[{"Type":"EmbeddedData","EmbeddedData":[{"Field":"region","Type":"Recipient"}]},{"Type":"Block","ID":"BL_1"}]}},
          {"Element":"SQ","Payload":{"QuestionID":"QID1","DataExportTag":"age","QuestionType":"TE","Selector":"SL","QuestionText":"Age?","Validation":{"Settings":{"ForceResponse":"ON","Type":"ContentType","ContentType":"ValidNumber","ValidNumber":{"Min":"18","Max":"99","NumDecimals":"0"}}}}},
          {"Element":"SQ","Payload":{"QuestionID":"QID2","DataExportTag":"nps","QuestionType":"MC","Selector":"NPS","QuestionText":"Recommend?",
            "DisplayLogic":{"0":{"0":{"LogicType":"EmbeddedField","LeftOperand":"region","Operator":"EqualTo","RightOperand":"north","Type":"Expression"},"1":{"LogicType":"Question","LeftOperand":"q://QID1/ChoiceTextEntryValue","Operator":"GreaterThan","RightOperand":"40","Conjuction":"And","Type":"Expression"},"Type":"If"},"Type":"BooleanExpression"}}}
        ]}
        """;
        var imported = SurveyImport.Read(Encoding.UTF8.GetBytes(qsf), "x.qsf");
        Assert.Equal(2, imported.Pages);
        var age = imported.Result.Definition.Find("age")!;
        Assert.Equal((QuestionType.Number, 18m, 99m, true, true), (age.Type, age.Min, age.Max, age.WholeNumbers, age.Required));
        var nps = imported.Result.Definition.Find("nps")!;
        Assert.Equal(QuestionType.Nps, nps.Type);
        Assert.Equal("participant.region = north and age > 40", nps.Condition);
        Assert.Equal(["region"], imported.Result.ParticipantAttributes);
        Assert.Empty(DefinitionCheck.Problems(imported.Result.Definition));
    }

    [Fact]
    public void SurveyJsSample_MapsTheCommonTypes_AndListsWhatItDrops()
    {
        var result = Read("surveyjs", "python-surveyjs_test_survey_schema.json").Result;
        var q = result.Definition.Questions.ToDictionary(x => x.Code);
        Assert.Equal((QuestionType.Number, 0m, 150m), (q["age"].Type, q["age"].Min, q["age"].Max));
        Assert.Equal(QuestionType.Date, q["birthDate"].Type);
        Assert.Equal(TextValidation.Email, q["email"].Validation);
        Assert.Equal(QuestionType.LongText, q["bio"].Type);
        Assert.Equal(("other", "none"), (q["hobbies"].OtherOption, q["hobbies"].ExclusiveOption));
        Assert.Equal(ChoiceDisplay.Dropdown, q["country"].Display);
        Assert.Equal(QuestionType.YesNo, q["agreeTerms"].Type);
        Assert.Equal((QuestionType.Rating, 10), (q["satisfaction"].Type, q["satisfaction"].ScaleMax));
        Assert.Equal(QuestionType.Ranking, q["priorityItems"].Type);
        Assert.Equal((QuestionType.MatrixSingle, 3, 4), (q["qualityMatrix"].Type, q["qualityMatrix"].Rows.Count, q["qualityMatrix"].Options.Count));
        Assert.Equal(QuestionType.Descriptive, q["infoHtml"].Type);
        Assert.Contains("Question \"fullName\" is an expression (a calculated value), which has no equivalent here; it was not imported.", result.Notes);
        Assert.Contains(result.Notes, n => n.StartsWith("Panel \"contactPanel\" was flattened", StringComparison.Ordinal));
        Assert.Equal(8, result.Notes.Count(n => n.EndsWith("it was not imported.", StringComparison.Ordinal)));
    }

    [Fact]
    public void SurveyJsPanelVisibleIf_IsTranslated_OntoItsFlattenedQuestions()
    {
        var result = Read("surveyjs", "questiontype-panel.json").Result;
        Assert.Equal(["satisfaction", "What_should_be_improved", "suggestions"], result.Definition.Questions.Select(q => q.Code));
        Assert.All(result.Definition.Questions.Skip(1), q => Assert.Equal("satisfaction < 3", q.Condition));
    }

    [Theory]
    [InlineData("{color} = 'red'", "color = red")]
    [InlineData("{color} == 'red' or {color} <> 'blue'", "color = red or color != blue")]
    [InlineData("{color} anyof ['red', 'blue']", "color in (red, blue)")]
    [InlineData("{color} notempty and !({agree} = true)", "color is answered and not agree = yes")]
    [InlineData("{color} = 'purple'", null)]
    [InlineData("age({birth}) > 18", null)]
    [InlineData("{later} = 1", null)]
    public void SurveyJsVisibleIf_TranslatesWhereItCan_AndOtherwiseIsNoted(string expression, string? expected)
    {
        var json = $$"""
        {"pages":[{"elements":[
          {"type":"radiogroup","name":"color","choices":["red","blue"]},
          {"type":"boolean","name":"agree"},
          {"type":"text","name":"birth","inputType":"date"},
          {"type":"comment","name":"why","visibleIf":{{System.Text.Json.JsonSerializer.Serialize(expression)}}},
          {"type":"text","name":"later"}]}]}
        """;
        var result = SurveyJsImporter.Import(Encoding.UTF8.GetBytes(json), out _);
        Assert.Equal(expected, result.Definition.Find("why")!.Condition);
        Assert.Equal(expected is null, result.Notes.Any(n => n.StartsWith("The visibleIf of question why (", StringComparison.Ordinal)));
    }
}
