using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Responding;

namespace SurveyPlatform.Domain.Tests.Responding;

/// <summary>{CODE} in survey text shows the label of an earlier answer.</summary>
public sealed class PipingTests
{
    private static readonly SurveyDefinition Definition = new()
    {
        Questions =
        [
            new() { Code = "role", Text = "?", Type = QuestionType.SingleChoice, Options = [new("clinician", "Clinician"), new("manager", "Practice manager"), new("other", "Something else")], OtherOption = "other" },
            new() { Code = "tools", Text = "?", Type = QuestionType.MultipleChoice, Options = [new("ehr", "EHR"), new("ai", "AI scribe"), new("other", "Other")], OtherOption = "other" },
            new() { Code = "stage", Text = "?", Type = QuestionType.MatrixSingle, Options = [new("idea", "Ideation"), new("prod", "Production")], Rows = [new("ambient", "Ambient documentation"), new("coding", "Clinical coding")] },
            new() { Code = "pain", Text = "?", Type = QuestionType.MatrixRating, Rows = [new("back", "Back")] },
            new() { Code = "rank", Text = "?", Type = QuestionType.Ranking, Options = [new("a", "Speed"), new("b", "Cost")] },
            new() { Code = "hours", Text = "?", Type = QuestionType.Number },
            new() { Code = "name", Text = "?", Type = QuestionType.ShortText },
            new() { Code = "born", Text = "?", Type = QuestionType.Date },
            new() { Code = "consent", Text = "?", Type = QuestionType.YesNo },
        ],
    };

    private static Dictionary<string, string> Answers(params (string Key, string Value)[] answers) =>
        answers.ToDictionary(a => a.Key, a => a.Value, StringComparer.OrdinalIgnoreCase);

    private static string? Fill(string text, params (string Key, string Value)[] answers) =>
        Piping.Fill(text, Definition, Answers(answers));

    [Fact]
    public void SingleChoice_PipesTheOptionLabel()
    {
        Assert.Equal("As a Practice manager, …", Fill("As a {role}, …", ("role", "manager")));
    }

    [Fact]
    public void MultipleChoice_PipesTheLabelsJoinedByComma()
    {
        Assert.Equal("You use EHR, AI scribe.", Fill("You use {tools}.", ("tools", "ehr;ai")));
    }

    [Fact]
    public void Ranking_PipesTheLabelsInTheRankedOrder()
    {
        Assert.Equal("Cost, Speed", Fill("{rank}", ("rank", "b;a")));
    }

    [Fact]
    public void TheOtherOption_PipesTheTypedText()
    {
        Assert.Equal("As a Porter, …", Fill("As a {role}, …", ("role", "other"), ("role_other", "Porter")));
        Assert.Equal("EHR, Fax machine", Fill("{tools}", ("tools", "ehr;other"), ("tools_other", "Fax machine")));
    }

    [Fact]
    public void AMatrixRow_PipesTheColumnLabel()
    {
        Assert.Equal("Ambient: Production, coding: Ideation", Fill("Ambient: {stage_ambient}, coding: {stage_coding}", ("stage_ambient", "prod"), ("stage_coding", "idea")));
        Assert.Equal("4", Fill("{pain_back}", ("pain_back", "4")));
    }

    [Fact]
    public void NumbersTextAndDates_PipeTheRawValue()
    {
        Assert.Equal("12.5 hours for Ann O'Neil since 1980-02-29", Fill("{hours} hours for {name} since {born}", ("hours", "12.5"), ("name", "Ann O'Neil"), ("born", "1980-02-29")));
    }

    [Fact]
    public void YesNo_PipesYesOrNo()
    {
        Assert.Equal("Yes/No", Fill("{consent}", ("consent", "yes")) + "/" + Fill("{consent}", ("consent", "no")));
    }

    [Fact]
    public void AnUnansweredQuestion_PipesNothing()
    {
        Assert.Equal("Hello !", Fill("Hello {name}!"));
        Assert.Equal("Hello !", Fill("Hello {name}!", ("name", string.Empty)));
        Assert.Equal(string.Empty, Piping.Label(Definition, "stage_coding", Answers()));
    }

    [Fact]
    public void AnUnknownCode_IsLeftAsWritten()
    {
        Assert.Equal("Hello {nobody} and {name}", Fill("Hello {nobody} and {name}", ("nobody", "x"), ("name", "{name}")));
        Assert.Null(Piping.Label(Definition, "nobody", Answers(("nobody", "x"))));
    }

    [Fact]
    public void CodesAreMatchedIgnoringCase()
    {
        Assert.Equal("Clinician", Fill("{ROLE}", ("role", "clinician")));
    }

    [Fact]
    public void TextWithoutPlaceholders_IsReturnedUnchanged()
    {
        Assert.Null(Piping.Fill((string?)null, Definition, Answers()));
        Assert.Equal("No {braces here", Fill("No {braces here", ("role", "manager")));
    }

    [Fact]
    public void TheEscape_IsAppliedToPipedValuesOnly()
    {
        var filled = Piping.Fill("**{name}** [{role}]", Definition, Answers(("name", "*Ann* [x](http://e.org)"), ("role", "manager")), Piping.EscapeMarkdown);
        Assert.Equal(@"**\*Ann\* \[x\]\(http://e\.org\)** [Practice manager]", filled);
    }

    [Fact]
    public void AQuestion_HasItsTextAndHelpPiped()
    {
        var question = new QuestionDefinition { Code = "why", Text = "Why {tools}?", Help = "You said {name}.", Type = QuestionType.LongText };

        var piped = Piping.Fill(question, Definition, Answers(("tools", "ai"), ("name", "Bo")));

        Assert.Equal("Why AI scribe?", piped.Text);
        Assert.Equal("You said Bo.", piped.Help);
        Assert.Equal("Why {tools}?", question.Text);
    }

    [Theory]
    [InlineData("plain text 42", "plain text 42")]
    [InlineData("a*b*", @"a\*b\*")]
    [InlineData("_x_", @"\_x\_")]
    [InlineData("[link](url)", @"\[link\]\(url\)")]
    [InlineData("<b>hi</b>", @"\<b\>hi\</b\>")]
    [InlineData("# 1. item", @"\# 1\. item")]
    [InlineData("`code` ~x~ a|b", @"\`code\` \~x\~ a\|b")]
    [InlineData(@"back\slash", @"back\\slash")]
    [InlineData("!{x}+-", @"\!\{x\}\+\-")]
    [InlineData("line1\nline2", "line1 line2")]
    [InlineData("a\r\nb", "a  b")]
    public void EscapeMarkdown_EscapesPunctuation_AndTurnsNewlinesIntoSpaces(string value, string escaped)
    {
        Assert.Equal(escaped, Piping.EscapeMarkdown(value));
    }

    [Fact]
    public void TheOtherTextKey_PipesTheTypedText()
    {
        var definition = new SurveyDefinition
        {
            Questions =
            [
                Definition.Find("role")!,
                new() { Code = "why", Text = "Why {role_other}?", Type = QuestionType.LongText },
            ],
        };
        Assert.Empty(DefinitionCheck.Problems(definition));

        Assert.Equal("Why Porter?", Piping.Fill("Why {role_other}?", definition, Answers(("role", "other"), ("role_other", "Porter"))));
    }

    [Theory]
    [InlineData("How often ({name})?", "How often?")]
    [InlineData("Think of [{name}] now.", "Think of now.")]
    [InlineData("({name})", "")]
    [InlineData("Hello {name}, welcome.", "Hello , welcome.")]
    [InlineData("Odd ({name}] stays.", "Odd (] stays.")]
    [InlineData("Unknown ({nobody}) stays.", "Unknown ({nobody}) stays.")]
    public void FillPieces_Plain_AnUnansweredValue_ShowsNothing_WithTheBracketsAroundIt(string text, string expected)
    {
        Assert.Equal(expected, Piping.FillPieces(text, Definition, Answers(), Piping.Piped.Plain));
    }

    [Fact]
    public void FillPieces_HandsTheRendererTheKey_TheEscapedValue_AndTheBracketsAroundIt()
    {
        var pieces = new List<Piping.Piped>();
        var text = Piping.FillPieces("As ({role}) and {name}.", Definition, Answers(("role", "manager"), ("name", "a*b")), p =>
        {
            pieces.Add(p);
            return Piping.Piped.Plain(p);
        }, Piping.EscapeMarkdown);

        Assert.Equal([new Piping.Piped("role", "Practice manager", " \\(", "\\)"), new Piping.Piped("name", "a\\*b", "", "")], pieces);
        Assert.Equal("As \\(Practice manager\\) and a\\*b.", text);
    }
}
