using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Responding;

namespace SurveyPlatform.Domain.Tests.Responding;

/// <summary>A matrix split by <c>rowsPerPage</c>: its page becomes consecutive respondent pages under one question code.</summary>
public sealed class SplitMatrixPagesTests
{
    private static readonly SurveyDefinition Jobs = new()
    {
        Pages =
        [
            new PageDefinition { Title = "Start", Questions = [new() { Code = "start", Text = "Start?", Type = QuestionType.YesNo, Required = true }] },
            new PageDefinition
            {
                Title = "Jobs",
                Intro = "Rate each job.",
                Condition = "start = yes",
                Questions =
                [
                    new() { Code = "team", Text = "Team?", Type = QuestionType.ShortText },
                    new() { Code = "jobs", Text = "Each job?", Type = QuestionType.MatrixRating, Required = true, RowsPerPage = 4,
                        Rows = [.. Enumerable.Range(1, 10).Select(i => new OptionDefinition($"j{i}", $"Job {i}"))] },
                    new() { Code = "note", Text = "Note?", Type = QuestionType.LongText },
                ],
            },
            new PageDefinition { Title = "End", Questions = [new() { Code = "end", Text = "End?", Type = QuestionType.YesNo }] },
        ],
    };

    [Fact]
    public void RespondentPages_SplitsTheMatrixIntoChunks_WithTheQuestionsBeforeOnTheFirstAndAfterOnTheLast()
    {
        var pages = Jobs.RespondentPages().Pages;

        Assert.Equal(5, pages.Count);
        Assert.Same(pages[0], Jobs.Pages[0]);
        Assert.Equal(["team", "jobs"], pages[1].Questions.Select(q => q.Code));
        Assert.Equal(["jobs"], pages[2].Questions.Select(q => q.Code));
        Assert.Equal(["jobs", "note"], pages[3].Questions.Select(q => q.Code));
        Assert.Equal(["j1", "j2", "j3", "j4"], pages[1].Questions[1].Rows.Select(r => r.Code));
        Assert.Equal(["j9", "j10"], pages[3].Questions[0].Rows.Select(r => r.Code));
        Assert.All(pages.Skip(1).Take(3), p => Assert.Equal(("Jobs", "start = yes"), (p.Title, p.Condition)));
        Assert.Equal(["Rate each job.", null, null], pages.Skip(1).Take(3).Select(p => p.Intro));
        Assert.Same(pages[4], Jobs.Pages[2]);
    }

    [Fact]
    public void RespondentPages_LeavesADefinitionWithoutASplitAsItIs()
    {
        var whole = Jobs with { Pages = [.. Jobs.Pages.Select(p => p with { Questions = [.. p.Questions.Select(q => q with { RowsPerPage = q.RowsPerPage is null ? null : 10 })] })] };
        Assert.Same(whole, whole.RespondentPages());
    }

    [Fact]
    public void Post_OnAChunk_ChecksOnlyItsRows_AndFinishStoresEveryRowUnderTheOneQuestion()
    {
        var split = Jobs.RespondentPages();
        var stored = new Dictionary<string, string>();
        IReadOnlyDictionary<string, IReadOnlyList<string>> Rows(int from, int to) =>
            Enumerable.Range(from, to - from + 1).ToDictionary(i => $"jobs_j{i}", _ => (IReadOnlyList<string>)["3"]);

        var start = ResponseFlow.Post(split, 0, stored, new Dictionary<string, IReadOnlyList<string>> { ["start"] = ["yes"] }, lenient: false);
        var first = ResponseFlow.Post(split, 1, start.Answers, Rows(1, 4), lenient: false);
        Assert.True(first.IsValid);
        var missing = ResponseFlow.Post(split, 2, first.Answers, Rows(5, 7), lenient: false);
        Assert.Equal([new FieldError("jobs", "Answer every row.")], missing.Errors.Select(e => new FieldError(e.Field, e.Message)));

        var second = ResponseFlow.Post(split, 2, first.Answers, Rows(5, 8), lenient: false);
        var third = ResponseFlow.Post(split, 3, second.Answers, Rows(9, 10), lenient: false);
        Assert.True(third.IsValid);
        Assert.Equal([0, 1, 2, 3, 4], ResponseFlow.Path(split, third.Answers));

        var incomplete = ResponseFlow.Finish(split, first.Answers);
        Assert.Equal(2, incomplete.FirstPageWithError);
        var done = ResponseFlow.Finish(split, third.Answers);
        Assert.True(done.IsComplete);
        string[] expected = [.. Enumerable.Range(1, 10).Select(i => $"jobs_j{i}"), "start"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), done.Answers.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Check_RefusesRowsPerPageBelowOne_OrOnAQuestionThatIsNotAMatrix()
    {
        var bad = Jobs with { Pages = [Jobs.Pages[1] with { Condition = null, Questions = [Jobs.Pages[1].Questions[0] with { RowsPerPage = 3 }, Jobs.Pages[1].Questions[1] with { RowsPerPage = 0 }] }] };
        var problems = DefinitionCheck.Problems(bad);
        Assert.Equal(2, problems.Count(p => p.Contains("rows per page applies to a matrix and must be at least 1", StringComparison.Ordinal)));
    }
}
