using SurveyPlatform.Domain.Exports;
using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Tests.Exports;

/// <summary>The text of the SPSS, R and Stata files (PSPP and R run them in the web tests; Stata is not available, so its file is checked here and there).</summary>
public sealed class SyntaxFilesTests
{
    private static readonly IReadOnlyList<CodebookVariable> Variables = Codebook.Describe(
        ["response_id", "colour", "mood", "temp", "jobs_plan", "fruit_a", "with", "participant_ward"],
        [new SurveyDefinition
        {
            Questions =
            [
                new() { Code = "colour", Text = "It's *colour*", Type = QuestionType.SingleChoice, Options = [new("red", "Rot \"dunkel\""), new("blue", "Bleu $x 'y'")] },
                new() { Code = "mood", Text = "Mood", Type = QuestionType.Rating, Scale = 3, AllowNotApplicable = true },
                new() { Code = "temp", Text = "Temperature", Type = QuestionType.Number, Min = -20 },
                new() { Code = "jobs", Text = "Jobs", Type = QuestionType.MatrixSingle, AllowNotApplicable = true, Options = [new("y", "Yes")], Rows = [new("plan", "Plan")] },
                new() { Code = "fruit", Text = "Fruit", Type = QuestionType.MultipleChoice, Options = [new("a", "Apple")] },
                new() { Code = "with", Text = "With whom?", Type = QuestionType.ShortText },
            ],
        }],
        null);

    [Fact]
    public void Spss_ReadsEveryColumn_ConvertsNaAndGuardedNumbers_AndDeclaresTheDictionary()
    {
        var sps = SpssSyntax.Write(Variables, "responses.csv", "Ward's survey. Two");

        Assert.StartsWith("* Encoding: UTF-8.\n* Ward's survey Two: responses", sps, StringComparison.Ordinal);
        Assert.Contains("/VARIABLES=\n    response_id A36\n    colour A8\n    raw_1 A40\n    raw_2 A40\n    jobs_plan A8\n    fruit_a F40.0\n    with_v A2001\n    participant_ward A1024\n.\n", sps, StringComparison.Ordinal);
        Assert.Contains("RECODE raw_1 ('na'=-1) (CONVERT) INTO mood.\n", sps, StringComparison.Ordinal);
        Assert.Contains("IF (RTRIM(raw_2) <> '') temp = NUMBER(LTRIM(raw_2, \"'\"), F40.0).\n", sps, StringComparison.Ordinal);
        Assert.Contains("/KEEP=response_id colour mood temp jobs_plan fruit_a with_v participant_ward.\n", sps, StringComparison.Ordinal);
        Assert.Contains("  / colour 'It''s colour'\n", sps, StringComparison.Ordinal);
        Assert.Contains("    colour 'red' 'Rot \"dunkel\"' 'blue' 'Bleu $x ''y'''\n  / mood 1 '1' 2 '2' 3 '3' -1 'Not applicable'\n", sps, StringComparison.Ordinal);
        Assert.Contains("MISSING VALUES\n    mood (-1)\n  / jobs_plan ('na')\n.\n", sps, StringComparison.Ordinal);
        Assert.Contains("VARIABLE LEVEL\n    response_id colour jobs_plan fruit_a with_v participant_ward (NOMINAL)\n  / mood (ORDINAL)\n  / temp (SCALE)\n.\n", sps, StringComparison.Ordinal);
    }

    [Fact]
    public void R_ReadsTextThenBuildsFactors_WithEscapedAsciiStrings()
    {
        var script = RScript.Write(Variables, "responses.csv", "Survey");

        Assert.Contains("responses <- read.csv(\"responses.csv\", colClasses = \"character\", na.strings = \"\", check.names = FALSE, fileEncoding = \"UTF-8\")", script, StringComparison.Ordinal);
        Assert.Contains("responses[[\"colour\"]] <- factor(responses[[\"colour\"]], levels = c(\"red\", \"blue\"), labels = c(\"Rot \\\"dunkel\\\"\", \"Bleu $x 'y'\"))\n", script, StringComparison.Ordinal);
        Assert.Contains("responses[[\"mood\"]] <- factor(responses[[\"mood\"]], levels = c(\"1\", \"2\", \"3\"), labels = c(\"1\", \"2\", \"3\"), ordered = TRUE)\n", script, StringComparison.Ordinal);
        Assert.Contains("responses[[\"temp\"]] <- as.numeric(unguard(responses[[\"temp\"]]))\n", script, StringComparison.Ordinal);
        Assert.Contains("responses[[\"fruit_a\"]] <- as.integer(responses[[\"fruit_a\"]])\n", script, StringComparison.Ordinal);
        Assert.Contains("attr(responses[[\"with\"]], \"label\") <- \"With whom?\"\n", script, StringComparison.Ordinal);
        Assert.Equal("\"Gr\\u{00f6}\\u{00df}e \\U{1f600} a\\\\b\"", RScript.Quote("Größe 😀 a\\b"));
    }

    [Fact]
    public void Stata_RenamesImportedColumns_LabelsCodes_AndEscapesMacroCharacters()
    {
        var doFile = StataDo.Write(Variables, "responses.csv", "Costs in $ and `quotes'");

        Assert.StartsWith("* Costs in \\$ and quotes': responses", doFile, StringComparison.Ordinal);
        Assert.Contains("rename (v1 v2 v3 v4 v5 v6 v7 v8) ///\n    (response_id colour mood temp jobs_plan fruit_a with_v participant_ward)\n", doFile, StringComparison.Ordinal);
        Assert.Contains("replace _code = 2 if colour == `\"blue\"'\n", doFile, StringComparison.Ordinal);
        Assert.Contains("label define colour 1 `\"Rot \"dunkel\"\"' 2 `\"Bleu \\$x 'y'\"'\n", doFile, StringComparison.Ordinal);
        Assert.Contains("replace _code = .a if jobs_plan == `\"na\"'\norder _code, after(jobs_plan)\ndrop jobs_plan\nrename _code jobs_plan\n", doFile, StringComparison.Ordinal);
        Assert.Contains("replace mood = \".a\" if mood == `\"na\"'\ndestring mood, replace\nlabel define mood 1 `\"1\"' 2 `\"2\"' 3 `\"3\"' .a `\"Not applicable\"'\n", doFile, StringComparison.Ordinal);
        Assert.Contains("destring temp, replace ignore(\"'\")\n", doFile, StringComparison.Ordinal);
        Assert.Contains("label variable with_v `\"With whom?\"'\n", doFile, StringComparison.Ordinal);
        Assert.Equal("`\"say \" 'hi\"'", StataDo.Quote("say \"'hi"));
    }
}
