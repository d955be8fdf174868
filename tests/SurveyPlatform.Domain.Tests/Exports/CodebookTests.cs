using SurveyPlatform.Domain.Exports;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Scoring.Model;

namespace SurveyPlatform.Domain.Tests.Exports;

public sealed class CodebookTests
{
    private static readonly SurveyDefinition Definition = new()
    {
        Pages =
        [
            new PageDefinition
            {
                Title = "One",
                Questions =
                [
                    new() { Code = "role", Text = "Your **role**", Type = QuestionType.SingleChoice, Options = [new("clin", "Clinician", 10), new("it", "IT _staff_", 0)] },
                    new() { Code = "fruit", Text = "Fruit?", Type = QuestionType.MultipleChoice, Options = [new("apple", "Apple"), new("pear", "Pear")] },
                ],
            },
            new PageDefinition
            {
                Title = "Two",
                Condition = "role in (clin, it)",
                Questions =
                [
                    new() { Code = "trust", Text = "Trust in [AI](https://example.org)", Type = QuestionType.Rating, Scale = 4, LowLabel = "None", HighLabel = "Full", AllowNotApplicable = true, Condition = "not (fruit = pear) and participant.site != 'A&E'" },
                    new() { Code = "beds", Text = "Beds", Type = QuestionType.Number, Min = 0, Max = 500 },
                ],
            },
        ],
    };

    private static readonly ScoringModel Model = new()
    {
        Items = [new ScoringItem { Key = "trust", Reverse = true }, new ScoringItem { Key = "role" }, new ScoringItem { Key = "beds", Min = 0, Max = 100 }],
        Dimensions = [new ScoringDimension { Name = "Culture", Items = [new DimensionItem { Item = "trust", Weight = 2 }, new DimensionItem { Item = "role" }] }],
    };

    private static readonly string[] Header =
        ["response_id", "submitted_at_utc", "version", "role", "fruit_apple", "fruit_pear", "trust", "beds", "participant_site", "score", "maturity", "score_culture"];

    [Fact]
    public void Describe_HasAVariablePerHeaderColumn_InOrder_WithPlainTextLabels()
    {
        var variables = Codebook.Describe(Header, [Definition], Model);

        Assert.Equal(Header, variables.Select(v => v.Name));
        var byName = variables.ToDictionary(v => v.Name);
        Assert.Equal("Your role", byName["role"].Label);
        Assert.Equal("Trust in AI", byName["trust"].Label);
        Assert.Equal("Fruit?: Pear", byName["fruit_pear"].Label);
        Assert.Equal([new ValueLabel("clin", "Clinician"), new ValueLabel("it", "IT staff")], byName["role"].Values);
        Assert.Equal(["1 None", "2", "3", "4 Full"], byName["trust"].Values.Select(v => v.Label));
        Assert.Equal([new ValueLabel("na", "Not applicable")], byName["trust"].Missing);
        Assert.Equal(MeasurementLevel.Ordinal, byName["trust"].Level);
        Assert.Equal(MeasurementLevel.Scale, byName["beds"].Level);
        Assert.False(byName["beds"].MayBeGuarded);
        Assert.Equal("Participant attribute: site", byName["participant_site"].Label);
        Assert.Equal(VariableStorage.Number, byName["score_culture"].Storage);
        Assert.Equal(VariableStorage.Text, byName["maturity"].Storage);
    }

    [Fact]
    public void Describe_SaysWhenTheQuestionIsShown_InWordsWithOptionLabels()
    {
        var byName = Codebook.Describe(Header, [Definition], Model).ToDictionary(v => v.Name);

        Assert.Null(byName["role"].ShownWhen);
        Assert.Equal("role is one of clin (\"Clinician\"), it (\"IT staff\")", byName["beds"].ShownWhen);
        Assert.Equal(
            "page shown when role is one of clin (\"Clinician\"), it (\"IT staff\"); question shown when (not fruit includes pear (\"Pear\")) and participant attribute site is not \"A&E\"",
            byName["trust"].ShownWhen);
    }

    [Fact]
    public void Describe_SaysHowTheSavedModelScoresEachColumn_AndNothingWithoutAModel()
    {
        var byName = Codebook.Describe(Header, [Definition], Model).ToDictionary(v => v.Name);

        Assert.Equal("scored item in Culture (weight 2); scale 1–4 normalised to 0–100; reversed (100 minus the score)", byName["trust"].Scoring);
        Assert.Equal("scored item in Culture (weight 1); points clin = 10, it = 0", byName["role"].Scoring);
        Assert.Equal("scored item (in no dimension); range 0 to 100 normalised to 0–100", byName["beds"].Scoring);
        Assert.Equal("not scored", byName["fruit_pear"].Scoring);
        Assert.All(Codebook.Describe(Header, [Definition], null).Where(v => v.QuestionCode is not null), v => Assert.Null(v.Scoring));
    }

    [Fact]
    public void Csv_NamesRenamedColumns_AndGuardsFormulas()
    {
        var definition = new SurveyDefinition { Questions = [new() { Code = "q", Text = "=HYPERLINK(\"x\")", Type = QuestionType.ShortText }] };
        var variables = Codebook.Describe(["q", "participant_" + new string('z', 40)], [definition], null);
        var text = new StringWriter();
        Codebook.WriteCsv(text, variables);
        var lines = text.ToString().Split("\r\n");

        Assert.Equal(string.Join(',', Codebook.CsvColumns), lines[0]);
        Assert.StartsWith("q,q,q,\"'=HYPERLINK(\"\"x\"\")\",q,ShortText,nominal", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("renamed participant_zzzzzzzzzzzzzzzzzzzz in Stata", lines[2], StringComparison.Ordinal);
    }
}
