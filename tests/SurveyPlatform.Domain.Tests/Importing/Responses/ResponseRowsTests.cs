using System.Text;
using SurveyPlatform.Domain.Importing;
using SurveyPlatform.Domain.Importing.Responses;
using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Tests.Importing.Responses;

/// <summary>The rules a response file's rows meet against a definition: each kind of error with its row and column.</summary>
public sealed class ResponseRowsTests
{
    private static readonly DateTime Now = new(2026, 12, 5, 12, 0, 0, DateTimeKind.Utc);

    private static readonly SurveyDefinition Definition = new()
    {
        Pages =
        [
            new PageDefinition
            {
                Questions =
                [
                    new QuestionDefinition
                    {
                        Code = "colour", Text = "Colour?", Type = QuestionType.SingleChoice, Required = true, OtherOption = "other",
                        Options = [new("red", "Red"), new("blue", "Blue"), new("other", "Other")],
                    },
                    new QuestionDefinition { Code = "bluewhy", Text = "Why blue?", Type = QuestionType.ShortText, Required = true, Condition = "colour = blue" },
                    new QuestionDefinition
                    {
                        Code = "fruit", Text = "Fruit?", Type = QuestionType.MultipleChoice, ExclusiveOption = "none",
                        Options = [new("apple", "Apple"), new("pear", "Pear"), new("none", "None")],
                    },
                    new QuestionDefinition { Code = "mood", Text = "Mood?", Type = QuestionType.Rating, Scale = 5 },
                    new QuestionDefinition { Code = "age", Text = "Age?", Type = QuestionType.Number, Min = 18, Max = 120, WholeNumbers = true },
                    new QuestionDefinition { Code = "born", Text = "Born?", Type = QuestionType.Date },
                    new QuestionDefinition
                    {
                        Code = "jobs", Text = "Jobs?", Type = QuestionType.MatrixSingle,
                        Rows = [new("plan", "Plan"), new("build", "Build")], Options = [new("yes", "Yes"), new("no", "No")],
                    },
                    new QuestionDefinition { Code = "rank", Text = "Rank?", Type = QuestionType.Ranking, Options = [new("x", "X"), new("y", "Y")] },
                ],
            },
        ],
    };

    private static ResponseRowsResult Check(string csv, string? idColumn = null) =>
        ResponseRows.Check(Definition, ResponseFile.Read(Encoding.UTF8.GetBytes(csv), ResponseFileFormat.Csv), idColumn, null, Now);

    private static ImportError Single(ResponseRowsResult result)
    {
        Assert.Empty(result.Rows);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void ValidRows_GiveTheStoredAnswers_IdAndTime()
    {
        var result = Check(
            "record_id,submitted_at_utc,colour,colour_other,bluewhy,fruit_apple,fruit_pear,fruit_none,mood,age,born,jobs_plan,jobs_build,rank_x,rank_y,version\r\n" +
            "r1,2025-03-01T10:15:00Z,blue,,sky,1,1,0,4,30,1990-01-31,yes,no,2,1,1\r\n" +
            "r2,2025-03-02 08:00:00,other,Green,,0,0,0,,,,,,,,1\r\n" +
            "r3,,red,,,,,,,,,,,,,\r\n");
        Assert.Empty(result.Errors);
        Assert.Equal((3, "record_id", "submitted_at_utc"), (result.RowsRead, result.IdColumn, result.SubmittedColumn));
        Assert.Equal(["version"], result.IgnoredColumns);
        Assert.Equal([2, 3, 4], result.Rows.Select(r => r.Row));
        Assert.Equal(["r1", "r2", "r3"], result.Rows.Select(r => r.ExternalId));
        Assert.Equal([new DateTime(2025, 3, 1, 10, 15, 0, DateTimeKind.Utc), new DateTime(2025, 3, 2, 8, 0, 0, DateTimeKind.Utc), (DateTime?)null], result.Rows.Select(r => r.SubmittedAt));
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["colour"] = "blue", ["bluewhy"] = "sky", ["fruit"] = "apple;pear", ["mood"] = "4", ["age"] = "30",
                ["born"] = "1990-01-31", ["jobs_plan"] = "yes", ["jobs_build"] = "no", ["rank"] = "y;x",
            },
            result.Rows[0].Answers);
        Assert.Equal(new Dictionary<string, string> { ["colour"] = "other", ["colour_other"] = "Green" }, result.Rows[1].Answers);
        Assert.Equal(new Dictionary<string, string> { ["colour"] = "red" }, result.Rows[2].Answers);
    }

    [Fact]
    public void MultipleChoice_AsOneColumn_AndRanking_InOrder_AreReadToo()
    {
        var result = Check("response_id,colour,fruit,rank\r\n7,red,pear;apple,y;x\r\n");
        Assert.Empty(result.Errors);
        Assert.Equal("response_id", result.IdColumn);
        Assert.Equal(new Dictionary<string, string> { ["colour"] = "red", ["fruit"] = "apple;pear", ["rank"] = "y;x" }, result.Rows[0].Answers);
    }

    [Fact]
    public void AnUnknownOptionCode_IsReportedWithTheCodesThatAreAllowed()
    {
        var error = Single(Check("colour,mood\r\nred,3\r\ngreen,3\r\n"));
        Assert.Equal((3, "colour"), (error.Row, error.Column));
        Assert.Equal("\"green\" is not an option code of colour; the codes are red, blue, other.", error.Message);
    }

    [Fact]
    public void ARatingOutOfRange_IsReported()
    {
        var error = Single(Check("colour,mood\r\nred,6\r\n"));
        Assert.Equal((2, "mood"), (error.Row, error.Column));
        Assert.Equal("\"6\": Choose a rating from 1 to 5.", error.Message);
    }

    [Theory]
    [InlineData("12", "\"12\": Enter a number from 18 to 120.")]
    [InlineData("thirty", "\"thirty\": Enter a whole number, like 12.")]
    [InlineData("30.5", "\"30.5\": Enter a whole number, like 12.")]
    public void ANumberOfTheWrongTypeOrRange_IsReported(string age, string message)
    {
        var error = Single(Check($"colour,age\r\nred,{age}\r\n"));
        Assert.Equal((2, "age", message), (error.Row, error.Column, error.Message));
    }

    [Fact]
    public void AnInvalidDate_IsReported()
    {
        var error = Single(Check("colour,born\r\nred,31/01/1990\r\n"));
        Assert.Equal((2, "born"), (error.Row, error.Column));
        Assert.Contains("Enter a real date", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARequiredQuestion_IsRequiredOnlyWhereTheLogicShowsIt()
    {
        var result = Check("colour,bluewhy\r\nred,\r\nblue,\r\n");
        var error = Single(result);
        Assert.Equal((3, "bluewhy"), (error.Row, error.Column));
        Assert.Equal("bluewhy is required and shown to this response, but it is empty.", error.Message);
    }

    [Fact]
    public void AMissingRequiredColumn_IsReportedOnEveryRow()
    {
        var result = Check("mood\r\n3\r\n4\r\n");
        Assert.Equal([(2, "colour"), (3, "colour")], result.Errors.Select(e => (e.Row, e.Column)));
    }

    [Fact]
    public void AnAnswerToAQuestionTheLogicHides_IsAnError()
    {
        var error = Single(Check("colour,bluewhy\r\nred,because\r\n"));
        Assert.Equal((2, "bluewhy"), (error.Row, error.Column));
        Assert.Equal("The survey's logic hides bluewhy for this response (shown only if colour = blue), so it must be empty.", error.Message);
    }

    [Fact]
    public void OtherText_WithoutTheOtherOption_IsAnError()
    {
        var error = Single(Check("colour,colour_other\r\nred,Green\r\n"));
        Assert.Equal((2, "colour_other"), (error.Row, error.Column));
        Assert.Contains("\"other\" option chosen", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionColumns_MustHold1Or0_AndFollowTheQuestionsRules()
    {
        var result = Check("colour,fruit_apple,fruit_pear,fruit_none\r\nred,yes,2,0\r\nred,1,0,1\r\n");
        Assert.Equal([(2, "fruit_pear"), (3, "fruit_apple")], result.Errors.Select(e => (e.Row, e.Column)));
        Assert.Equal("\"2\" is neither 1 (chosen) nor 0 (not chosen).", result.Errors[0].Message);
        Assert.Contains("cannot be combined", result.Errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RedcapCheckboxColumns_WithThreeUnderscores_AreOptionColumns()
    {
        var result = Check("colour,fruit___apple,fruit___pear\r\nred,0,1\r\n");
        Assert.Empty(result.Errors);
        Assert.Equal("pear", result.Rows[0].Answers["fruit"]);
    }

    [Fact]
    public void RankColumns_MustBeDistinctRanksInRange()
    {
        var result = Check("colour,rank_x,rank_y\r\nred,1,1\r\nred,1,3\r\nred,1,\r\n");
        Assert.Equal([(2, "rank_y"), (3, "rank_y"), (4, "rank_x")], result.Errors.Select(e => (e.Row, e.Column)));
        Assert.Equal("Rank 1 is given to more than one item.", result.Errors[0].Message);
        Assert.Equal("\"3\" is not a rank from 1 to 2.", result.Errors[1].Message);
        Assert.Contains("Put every item in order", result.Errors[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMatrixRow_WithAnUnknownCode_IsReportedAtItsColumn()
    {
        var error = Single(Check("colour,jobs_plan\r\nred,maybe\r\n"));
        Assert.Equal((2, "jobs_plan"), (error.Row, error.Column));
        Assert.Contains("\"maybe\" is not an option code of jobs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RespondentIds_MustBePresent_AndUniqueInTheFile()
    {
        var result = Check("id,colour\r\na,red\r\n,red\r\na,blue\r\n", idColumn: "id");
        Assert.Equal([(3, "id"), (4, "id"), (4, "bluewhy")], result.Errors.Select(e => (e.Row, e.Column)));
        Assert.Equal("The respondent id is empty.", result.Errors[0].Message);
        Assert.Equal("The respondent id \"a\" is also on row 2.", result.Errors[1].Message);
    }

    [Fact]
    public void AChosenIdColumnThatIsNotInTheFile_IsAnErrorOfTheFile()
    {
        var error = Single(Check("colour\r\nred\r\n", idColumn: "study_id"));
        Assert.Equal((1, "study_id"), (error.Row, error.Column));
    }

    [Theory]
    [InlineData("yesterday", "is not an ISO 8601 time")]
    [InlineData("2027-01-01T00:00:00Z", "is in the future")]
    public void SubmissionTimes_MustBeIsoAndNotInTheFuture(string time, string message)
    {
        var error = Single(Check($"submitted_at_utc,colour\r\n{time},red\r\n"));
        Assert.Equal((2, "submitted_at_utc"), (error.Row, error.Column));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASubmissionTimeWithAnOffset_IsStoredInUtc()
    {
        var result = Check("submitted_at_utc,colour\r\n2025-06-01T12:00:00+02:00,red\r\n");
        Assert.Equal(new DateTime(2025, 6, 1, 10, 0, 0, DateTimeKind.Utc), result.Rows[0].SubmittedAt);
    }

    [Fact]
    public void AFileWithNoQuestionColumn_IsRefusedAsAWhole()
    {
        var error = Single(Check("name,email\r\nAna,ana@example.org\r\n"));
        Assert.Equal((1, string.Empty), (error.Row, error.Column));
        Assert.Contains("No column of the file is a question code", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARowWithMoreCellsThanColumns_IsReported()
    {
        var error = Single(Check("colour\r\nred,extra\r\n"));
        Assert.Equal((2, string.Empty), (error.Row, error.Column));
        Assert.Contains("2 cells", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OneBadRow_LeavesNoRowToImport()
    {
        var result = Check("colour\r\nred\r\nblue\r\nred\r\n");
        Assert.False(result.IsValid);
        Assert.Empty(result.Rows);
    }

    [Fact]
    public void OurOwnFormulaProtection_IsTakenOffWhenReadBack()
    {
        var definition = new SurveyDefinition { Questions = [new QuestionDefinition { Code = "note", Text = "Note", Type = QuestionType.ShortText }] };
        var result = ResponseRows.Check(definition, ResponseFile.Read(Encoding.UTF8.GetBytes("note\r\n'=cmd()\r\n"), ResponseFileFormat.Csv), null, null, Now);
        Assert.Equal("=cmd()", result.Rows[0].Answers["note"]);
    }

    [Fact]
    public void Json_ArraysOfCodes_NumbersAndNulls_ReadLikeCsvCells()
    {
        const string json = """
            [ { "record_id": 1, "colour": "red", "fruit": ["apple", "pear"], "mood": 4, "age": null },
              { "record_id": 2, "colour": "blue", "bluewhy": { "nested": true } } ]
            """;
        var table = ResponseFile.Read(Encoding.UTF8.GetBytes(json), ResponseFileFormat.Json);
        var result = ResponseRows.Check(Definition, table, null, null, Now);
        var error = Single(result);
        Assert.Equal((2, "bluewhy"), (error.Row, error.Column));
        Assert.Contains("not an object", error.Message, StringComparison.Ordinal);

        var first = ResponseRows.Check(Definition, table with { Rows = [table.Rows[0]] }, null, null, Now);
        Assert.Equal(new Dictionary<string, string> { ["colour"] = "red", ["fruit"] = "apple;pear", ["mood"] = "4" }, first.Rows[0].Answers);
        Assert.Equal("1", first.Rows[0].ExternalId);
    }

    [Theory]
    [InlineData("{}", "must be an array of objects")]
    [InlineData("[{", "not valid JSON")]
    public void Json_ThatIsNotAnArrayOfObjects_IsRefused(string json, string message)
    {
        var ex = Assert.Throws<ImportFormatException>(() => ResponseFile.Read(Encoding.UTF8.GetBytes(json), ResponseFileFormat.Json));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_WithABomAndADuplicatedColumn_IsRefusedNamingTheColumn()
    {
        var ex = Assert.Throws<ImportFormatException>(() => ResponseFile.Read([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("colour,mood,COLOUR\r\nred,1,red\r\n")], ResponseFileFormat.Csv));
        Assert.Equal("The column \"COLOUR\" appears twice in the header (columns 1 and 3).", ex.Message);
    }

    [Fact]
    public void AQualtricsExport_SkipsItsTwoExtraHeaderRows_AndUsesResponseIdAsTheId()
    {
        var result = Check(
            "StartDate,ResponseId,colour,fruit,mood\r\n" +
            "Start Date,Response ID,Colour?,Fruit?,Mood?\r\n" +
            "{\"ImportId\":\"startDate\"},{\"ImportId\":\"_recordId\"},{\"ImportId\":\"QID1\"},{\"ImportId\":\"QID2\"},{\"ImportId\":\"QID3\"}\r\n" +
            "2025-01-01 10:00:00,R_abc,red,apple;pear,3\r\n" +
            "2025-01-01 11:00:00,R_def,purple,,3\r\n");
        Assert.Equal(2, result.RowsRead);
        Assert.Equal("ResponseId", result.IdColumn);
        Assert.Equal(["StartDate"], result.IgnoredColumns);
        var error = Assert.Single(result.Errors);
        Assert.Equal((5, "colour"), (error.Row, error.Column));
    }

    [Fact]
    public void ALimeSurveyExport_ReadsBracketedSubQuestionColumns()
    {
        var result = Check(
            "id,submitdate,lastpage,colour,colour[other],fruit[apple],fruit[pear],jobs[plan],jobs[build],rank[x],rank[y]\r\n" +
            "12,2025-01-01 10:00:00,1,other,Teal,Y,,yes,no,1,2\r\n");
        Assert.Empty(result.Errors);
        Assert.Equal("id", result.IdColumn);
        Assert.Equal(["submitdate", "lastpage"], result.IgnoredColumns);
        Assert.Equal(
            new Dictionary<string, string> { ["colour"] = "other", ["colour_other"] = "Teal", ["fruit"] = "apple", ["jobs_plan"] = "yes", ["jobs_build"] = "no", ["rank"] = "x;y" },
            result.Rows[0].Answers);
        Assert.Equal("12", result.Rows[0].ExternalId);
    }
}
