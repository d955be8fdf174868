using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Tests.Questionnaires;

public sealed class DefinitionCheckTests
{
    private static QuestionDefinition Choice(string code, params string[] options) =>
        new() { Code = code, Text = "Which?", Type = QuestionType.SingleChoice, Options = [.. options.Select(o => new OptionDefinition(o, o.ToUpperInvariant()))] };

    [Fact]
    public void AValidDefinition_HasNoProblems()
    {
        var definition = new SurveyDefinition
        {
            Pages =
            [
                new PageDefinition { Title = "About you", Questions = [Choice("segment", "payer", "provider")] },
                new PageDefinition
                {
                    Title = "Jobs", Condition = "segment = provider",
                    Questions =
                    [
                        new QuestionDefinition { Code = "stage", Text = "Stage as a {segment}", Type = QuestionType.MatrixSingle, Options = [new("idea", "Idea"), new("prod", "Production")], Rows = [new("ambient", "Ambient")] },
                        new QuestionDefinition { Code = "why", Text = "Why?", Type = QuestionType.LongText, Condition = "stage_ambient = prod" },
                    ],
                },
            ],
        };
        Assert.Empty(DefinitionCheck.Problems(definition));
    }

    [Fact]
    public void EveryProblem_IsReportedInOneList()
    {
        var definition = new SurveyDefinition
        {
            Pages =
            [
                new PageDefinition
                {
                    Title = "One",
                    Questions =
                    [
                        Choice("dup", "a", "b"),
                        Choice("DUP", "a", "b"),
                        new QuestionDefinition { Code = "empty", Text = "?", Type = QuestionType.MultipleChoice },
                        new QuestionDefinition { Code = "grid", Text = "?", Type = QuestionType.MatrixSingle, Options = [new("x", "X")] },
                        new QuestionDefinition { Code = "early", Text = "?", Type = QuestionType.ShortText, Condition = "later = 1" },
                        new QuestionDefinition { Code = "ghost", Text = "Hello {nobody}", Type = QuestionType.ShortText, Condition = "missing is answered" },
                        new QuestionDefinition { Code = "n", Text = "?", Type = QuestionType.Number, Min = 5, Max = 1 },
                        new QuestionDefinition { Code = "1bad", Text = "", Type = QuestionType.ShortText },
                        new QuestionDefinition { Code = "rx", Text = "?", Type = QuestionType.ShortText, Validation = TextValidation.Regex, Pattern = "([" },
                        new QuestionDefinition { Code = "m", Text = "?", Type = QuestionType.MultipleChoice, Options = [new("a", "A"), new("b", "B")], ExclusiveOption = "zzz", MinSelections = 2, MaxSelections = 1 },
                        new QuestionDefinition { Code = "d", Text = "Read me", Type = QuestionType.Descriptive, Required = true },
                    ],
                },
                new PageDefinition { Title = "Two", Questions = [new QuestionDefinition { Code = "later", Text = "?", Type = QuestionType.Number }] },
                new PageDefinition { Title = "Three" },
            ],
        };

        var problems = DefinitionCheck.Problems(definition);
        string[] expected =
        [
            "Question DUP on page 1 (One): the code \"DUP\" is used more than once.",
            "Question empty on page 1 (One): the option list is empty.",
            "Question grid on page 1 (One): the matrix has no rows.",
            "Question early on page 1 (One): condition \"later = 1\": At position 1: \"later\" is asked later; a condition may only use earlier questions.",
            "Question ghost on page 1 (One): condition \"missing is answered\": At position 1: There is no question with the code \"missing\".",
            "Question ghost on page 1 (One): the text shows {nobody}, which is not an earlier question.",
            "Question n on page 1 (One): the minimum is greater than the maximum.",
            "Question 1bad on page 1 (One): the code must start with a letter, then letters, digits or _, at most 32 characters.",
            "Question 1bad on page 1 (One): the text is empty.",
            "Question m on page 1 (One): the minimum number of selections is greater than the maximum.",
            "Question m on page 1 (One): the \"none of these\" option \"zzz\" is not one of its options.",
            "Question d on page 1 (One): descriptive text cannot be required.",
            "Page 3 (Three) has no questions.",
        ];
        foreach (var problem in expected)
        {
            Assert.Contains(problem, problems);
        }

        Assert.Contains(problems, p => p.StartsWith("Question rx on page 1 (One): the regular expression is not valid", StringComparison.Ordinal));
        Assert.Equal(expected.Length + 1, problems.Count);
    }

    [Fact]
    public void NoQuestions_IsOneProblem() =>
        Assert.Equal(["Add at least one question before publishing."], DefinitionCheck.Problems(new SurveyDefinition()));

    [Fact]
    public void Json_RoundTrip_IsIdentical()
    {
        var definition = new SurveyDefinition
        {
            Pages =
            [
                new PageDefinition { Title = "P", Intro = "Hi", Questions = [Choice("a", "x", "y") with { Help = "help", Display = ChoiceDisplay.Dropdown, Shuffle = true }] },
                new PageDefinition { Title = "Q", Condition = "a = x", Questions = [new QuestionDefinition { Code = "r", Text = "?", Type = QuestionType.Rating, Scale = 7, LowLabel = "Low", HighLabel = "High", AllowNotApplicable = true }] },
            ],
        };
        var json = definition.ToJson();
        var again = SurveyDefinition.FromJson(json).ToJson();
        Assert.Equal(json, again);
        Assert.Contains("\"type\":\"Rating\"", json, StringComparison.Ordinal);
    }
}
