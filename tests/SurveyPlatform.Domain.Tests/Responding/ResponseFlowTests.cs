using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Responding;

namespace SurveyPlatform.Domain.Tests.Responding;

/// <summary>Page-by-page answering: the path through the pages, what a page shows, posting a page, finishing.</summary>
public sealed class ResponseFlowTests
{
    /// <summary>
    /// Page 0 asks the role and the tools; page 1 is only for clinicians; page 2 always shows, with
    /// one question reading its own page (why), one reading page 0 (ai_use) and one reading page 1 (overtime).
    /// </summary>
    private static readonly SurveyDefinition Clinic = new()
    {
        Pages =
        [
            new PageDefinition
            {
                Title = "About you",
                Questions =
                [
                    new() { Code = "role", Text = "Your role?", Type = QuestionType.SingleChoice, Required = true, Options = [new("clinician", "Clinician"), new("manager", "Manager")] },
                    new() { Code = "tools", Text = "Tools?", Type = QuestionType.MultipleChoice, Options = [new("ehr", "EHR"), new("ai", "AI scribe"), new("other", "Other")], OtherOption = "other" },
                ],
            },
            new PageDefinition
            {
                Title = "Clinical work",
                Condition = "role = clinician",
                Questions =
                [
                    new() { Code = "hours", Text = "Hours a week?", Type = QuestionType.Number, Required = true, Min = 0, Max = 80 },
                    new() { Code = "specialty", Text = "Specialty?", Type = QuestionType.ShortText },
                ],
            },
            new PageDefinition
            {
                Title = "Wrap up",
                Questions =
                [
                    new() { Code = "satisfaction", Text = "How satisfied?", Type = QuestionType.Rating, Required = true },
                    new() { Code = "why", Text = "Why so low?", Type = QuestionType.LongText, Condition = "satisfaction <= 2" },
                    new() { Code = "ai_use", Text = "How do you use the AI scribe?", Type = QuestionType.ShortText, Condition = "tools = ai" },
                    new() { Code = "overtime", Text = "Who covers your overtime?", Type = QuestionType.ShortText, Condition = "hours > 40" },
                ],
            },
        ],
    };

    private static Dictionary<string, string> Stored(params (string Key, string Value)[] answers) =>
        answers.ToDictionary(a => a.Key, a => a.Value, StringComparer.OrdinalIgnoreCase);

    private static Dictionary<string, IReadOnlyList<string>> Posted(params (string Key, string[] Values)[] posted) =>
        posted.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Values, StringComparer.OrdinalIgnoreCase);

    private static List<string> Codes(IEnumerable<QuestionDefinition> questions) => [.. questions.Select(q => q.Code)];

    private static List<(string Key, string Value)> Sorted(IReadOnlyDictionary<string, string> answers) =>
        [.. answers.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => (a.Key, a.Value))];

    [Fact]
    public void Path_SkipsAPageWhoseConditionIsFalse()
    {
        Assert.Equal([0, 2], ResponseFlow.Path(Clinic, Stored(("role", "manager"))));
        Assert.Equal([0, 2], ResponseFlow.Path(Clinic, Stored()));
    }

    [Fact]
    public void Path_IncludesAPageWhoseConditionIsTrue()
    {
        Assert.Equal([0, 1, 2], ResponseFlow.Path(Clinic, Stored(("role", "clinician"))));
    }

    [Fact]
    public void NextAndPrevious_FollowThePath()
    {
        var managers = ResponseFlow.Path(Clinic, Stored(("role", "manager")));
        Assert.Equal(2, ResponseFlow.Next(managers, 0));
        Assert.Null(ResponseFlow.Next(managers, 2));
        Assert.Equal(0, ResponseFlow.Previous(managers, 2));
        Assert.Null(ResponseFlow.Previous(managers, 0));

        var clinicians = ResponseFlow.Path(Clinic, Stored(("role", "clinician")));
        Assert.Equal(1, ResponseFlow.Next(clinicians, 0));
        Assert.Equal(2, ResponseFlow.Next(clinicians, 1));
        Assert.Equal(1, ResponseFlow.Previous(clinicians, 2));
    }

    [Fact]
    public void Path_SkipsAPageWhoseEveryQuestionIsHiddenByEarlierAnswers()
    {
        var definition = new SurveyDefinition
        {
            Pages =
            [
                new PageDefinition { Title = "Tools", Questions = [new() { Code = "tools", Text = "?", Type = QuestionType.MultipleChoice, Options = [new("ehr", "EHR"), new("ai", "AI")] }] },
                new PageDefinition
                {
                    Title = "AI",
                    Questions =
                    [
                        new() { Code = "ai_since", Text = "Since when?", Type = QuestionType.Date, Condition = "tools = ai" },
                        new() { Code = "ai_vendor", Text = "Which vendor?", Type = QuestionType.ShortText, Condition = "tools = ai" },
                    ],
                },
                new PageDefinition { Title = "End", Questions = [new() { Code = "note", Text = "?", Type = QuestionType.LongText }] },
            ],
        };

        Assert.Equal([0, 2], ResponseFlow.Path(definition, Stored(("tools", "ehr"))));
        Assert.Equal([0, 1, 2], ResponseFlow.Path(definition, Stored(("tools", "ehr;ai"))));
    }

    [Fact]
    public void Shown_HidesAQuestionWhoseConditionOnAnEarlierPageIsFalse()
    {
        Assert.Equal(["satisfaction", "why"], Codes(ResponseFlow.Shown(Clinic, 2, Stored(("role", "manager"), ("tools", "ehr")))));
        Assert.Equal(["satisfaction", "why", "ai_use"], Codes(ResponseFlow.Shown(Clinic, 2, Stored(("role", "manager"), ("tools", "ehr;ai")))));
    }

    [Fact]
    public void Shown_AlwaysIncludesAQuestionReadingItsOwnPage()
    {
        // satisfaction = 5 makes "satisfaction <= 2" false, but the page is rendered before it is posted.
        Assert.Contains("why", Codes(ResponseFlow.Shown(Clinic, 2, Stored(("satisfaction", "5")))));

        var page = Clinic.Pages[2].Questions;
        Assert.True(ResponseFlow.ReadsSamePage(page[1], page));
        Assert.False(ResponseFlow.ReadsSamePage(page[0], page)); // no condition
        Assert.False(ResponseFlow.ReadsSamePage(page[2], page)); // reads page 0
        Assert.False(ResponseFlow.ReadsSamePage(page[3], page)); // reads page 1
    }

    [Fact]
    public void ReadsSamePage_SeesAMatrixRowKeyOnThePage()
    {
        List<QuestionDefinition> page =
        [
            new() { Code = "grid", Text = "?", Type = QuestionType.MatrixRating, Rows = [new("speed", "Speed")] },
            new() { Code = "slow", Text = "Why slow?", Type = QuestionType.ShortText, Condition = "grid_speed < 3" },
        ];
        Assert.True(ResponseFlow.ReadsSamePage(page[1], page));
        Assert.False(ResponseFlow.ReadsSamePage(page[1], [page[1]]));
    }

    /// <summary>Page 1: ai_daily only for AI users, ai_features only when ai_daily = yes; page 2 always.</summary>
    private static readonly SurveyDefinition AiFollowUp = new()
    {
        Pages =
        [
            new PageDefinition { Title = "Tools", Questions = [new() { Code = "tools", Text = "?", Type = QuestionType.MultipleChoice, Options = [new("ehr", "EHR"), new("ai", "AI")] }] },
            new PageDefinition
            {
                Title = "AI",
                Questions =
                [
                    new() { Code = "ai_daily", Text = "Daily?", Type = QuestionType.YesNo, Condition = "tools = ai" },
                    new() { Code = "ai_features", Text = "Which features?", Type = QuestionType.ShortText, Condition = "ai_daily = yes" },
                ],
            },
            new PageDefinition
            {
                Title = "End",
                Questions =
                [
                    new() { Code = "note", Text = "?", Type = QuestionType.LongText },
                    new() { Code = "ai_rating", Text = "Rate the AI", Type = QuestionType.Rating, Condition = "tools = ai" },
                    new() { Code = "ai_why", Text = "Why so low?", Type = QuestionType.LongText, Condition = "ai_rating <= 2" },
                ],
            },
        ],
    };

    [Fact]
    public void APageWithASamePageCondition_IsOnThePath_AndShowsBothQuestions_WhenItsFirstQuestionIsShown()
    {
        var answers = Stored(("tools", "ai"));
        Assert.Equal([0, 1, 2], ResponseFlow.Path(AiFollowUp, answers));
        Assert.Equal(["ai_daily", "ai_features"], Codes(ResponseFlow.Shown(AiFollowUp, 1, answers)));
        Assert.Equal(["note", "ai_rating", "ai_why"], Codes(ResponseFlow.Shown(AiFollowUp, 2, answers)));
    }

    [Fact]
    public void APageWhoseSamePageConditionReadsOnlyHiddenQuestions_IsSkipped()
    {
        var answers = Stored(("tools", "ehr"));

        // ai_daily is hidden by page 0, so ai_features (ai_daily = yes) can never hold, whatever is posted.
        var posted = ResponseFlow.Post(AiFollowUp, 1, answers, Posted(("ai_daily", ["yes"]), ("ai_features", ["Letters"])), lenient: false);
        Assert.Equal([("tools", "ehr")], Sorted(posted.Answers));

        Assert.Equal([0, 2], ResponseFlow.Path(AiFollowUp, answers));
    }

    [Fact]
    public void Shown_LeavesOutASamePageQuestionThatReadsAHiddenQuestion()
    {
        var answers = Stored(("tools", "ehr"));

        Assert.Equal(["note"], Codes(ResponseFlow.Shown(AiFollowUp, 2, answers)));
    }

    [Fact]
    public void Shown_OnAPageWithoutConditions_IsEveryQuestion()
    {
        Assert.Equal(["role", "tools"], Codes(ResponseFlow.Shown(Clinic, 0, Stored())));
    }

    [Fact]
    public void PostStrict_WithAnError_KeepsTheStoredAnswers_AndReportsOnlyThisPagesErrors()
    {
        // satisfaction (page 2) is required and unanswered too, but only page 1's error is reported.
        var stored = Stored(("role", "clinician"), ("hours", "10"));
        var outcome = ResponseFlow.Post(Clinic, 1, stored, Posted(("hours", ["200"]), ("specialty", ["GP"])), lenient: false);

        Assert.False(outcome.IsValid);
        var error = Assert.Single(outcome.Errors);
        Assert.Equal("hours", error.Field);
        Assert.Equal("Range", error.Key);
        Assert.Equal([("hours", "10"), ("role", "clinician")], Sorted(outcome.Answers));
    }

    [Fact]
    public void PostStrict_WhenValid_StoresThePage_AndKeepsEarlierPages()
    {
        var outcome = ResponseFlow.Post(Clinic, 1, Stored(("role", "clinician")), Posted(("hours", [" 12 "]), ("specialty", ["GP"])), lenient: false);

        Assert.True(outcome.IsValid);
        Assert.Equal([("hours", "12"), ("role", "clinician"), ("specialty", "GP")], Sorted(outcome.Answers));
    }

    [Fact]
    public void PostStrict_IgnoresPostedKeysOfOtherPages()
    {
        var outcome = ResponseFlow.Post(Clinic, 1, Stored(("role", "clinician")), Posted(("hours", ["12"]), ("role", ["manager"]), ("satisfaction", ["1"])), lenient: false);

        Assert.True(outcome.IsValid);
        Assert.Equal([("hours", "12"), ("role", "clinician")], Sorted(outcome.Answers));
    }

    [Fact]
    public void PostLenient_KeepsTheValidAnswers_AndDropsTheInvalidOnesWithoutErrors()
    {
        var stored = Stored(("role", "clinician"), ("hours", "10"));
        var outcome = ResponseFlow.Post(Clinic, 1, stored, Posted(("hours", ["200"]), ("specialty", ["GP"])), lenient: true);

        Assert.True(outcome.IsValid);
        Assert.Empty(outcome.Errors);
        Assert.Equal([("role", "clinician"), ("specialty", "GP")], Sorted(outcome.Answers));
    }

    [Fact]
    public void PostLenient_AMissingRequiredAnswer_IsNotAnError()
    {
        var outcome = ResponseFlow.Post(Clinic, 0, Stored(), Posted(("tools", ["ehr"])), lenient: true);

        Assert.Empty(outcome.Errors);
        Assert.Equal([("tools", "ehr")], Sorted(outcome.Answers));
        Assert.Equal("role", Assert.Single(ResponseFlow.Post(Clinic, 0, Stored(), Posted(("tools", ["ehr"])), lenient: false).Errors).Field);
    }

    [Fact]
    public void Post_ReplacesThePagesPreviousAnswers_AndLeavesOtherPagesAlone()
    {
        var stored = Stored(("role", "clinician"), ("tools", "ehr;ai;other"), ("tools_other", "Pager"), ("hours", "50"), ("ai_use", "Letters"));

        var outcome = ResponseFlow.Post(Clinic, 0, stored, Posted(("role", ["clinician"]), ("tools", ["ehr"])), lenient: false);

        Assert.True(outcome.IsValid);
        Assert.Equal(
            [("ai_use", "Letters"), ("hours", "50"), ("role", "clinician"), ("tools", "ehr")],
            Sorted(outcome.Answers));
    }

    [Fact]
    public void Post_AnOmittedOptionalAnswer_IsRemoved()
    {
        var stored = Stored(("role", "clinician"), ("hours", "10"), ("specialty", "GP"));

        var outcome = ResponseFlow.Post(Clinic, 1, stored, Posted(("hours", ["10"]), ("specialty", ["  "])), lenient: false);

        Assert.Equal([("hours", "10"), ("role", "clinician")], Sorted(outcome.Answers));
    }

    [Fact]
    public void Post_ASamePageConditionThatIsFalseWhenPosted_DropsTheDependentAnswer()
    {
        var outcome = ResponseFlow.Post(Clinic, 2, Stored(("role", "manager")), Posted(("satisfaction", ["4"]), ("why", ["Too slow"])), lenient: false);

        Assert.True(outcome.IsValid);
        Assert.Equal([("role", "manager"), ("satisfaction", "4")], Sorted(outcome.Answers));

        var low = ResponseFlow.Post(Clinic, 2, Stored(("role", "manager")), Posted(("satisfaction", ["2"]), ("why", ["Too slow"])), lenient: false);
        Assert.Equal("Too slow", low.Answers["why"]);
    }

    [Fact]
    public void Finish_DropsAnswersToQuestionsThatBecameHidden()
    {
        var answers = ResponseFlow.Post(Clinic, 0, Stored(), Posted(("role", ["clinician"]), ("tools", ["ai"])), lenient: false).Answers;
        answers = ResponseFlow.Post(Clinic, 1, answers, Posted(("hours", ["50"]), ("specialty", ["GP"])), lenient: false).Answers;
        answers = ResponseFlow.Post(Clinic, 2, answers, Posted(("satisfaction", ["4"]), ("ai_use", ["Letters"]), ("overtime", ["Locum"])), lenient: false).Answers;
        Assert.Equal(7, answers.Count);

        // Back to page 0: now a manager who uses only the EHR, so page 1, ai_use and overtime are hidden.
        answers = ResponseFlow.Post(Clinic, 0, answers, Posted(("role", ["manager"]), ("tools", ["ehr"])), lenient: false).Answers;
        Assert.Equal("50", answers["hours"]); // still stored until the response is finished
        Assert.Equal([0, 2], ResponseFlow.Path(Clinic, answers));

        var completion = ResponseFlow.Finish(Clinic, answers);

        Assert.True(completion.IsComplete);
        Assert.Equal(-1, completion.FirstPageWithError);
        Assert.Equal([("role", "manager"), ("satisfaction", "4"), ("tools", "ehr")], Sorted(completion.Answers));
    }

    [Fact]
    public void Finish_ReturnsTheFirstPageWithAnError_WhenARequiredQuestionOnThePathIsUnanswered()
    {
        var completion = ResponseFlow.Finish(Clinic, Stored(("role", "clinician"), ("satisfaction", "4")));

        Assert.False(completion.IsComplete);
        Assert.Equal(1, completion.FirstPageWithError);
        var error = Assert.Single(completion.Errors);
        Assert.Equal(("hours", "EnterNumber"), (error.Field, error.Key));
    }

    [Fact]
    public void Finish_ReportsOnlyTheErrorsOfTheFirstPageWithOne()
    {
        // role (page 0) and satisfaction (page 2) are both missing.
        var completion = ResponseFlow.Finish(Clinic, Stored(("tools", "ehr")));

        Assert.Equal(0, completion.FirstPageWithError);
        Assert.Equal(["role"], completion.Errors.Select(e => e.Field));

        var managers = ResponseFlow.Finish(Clinic, Stored(("role", "manager")));
        Assert.Equal(2, managers.FirstPageWithError);
        Assert.Equal(["satisfaction"], managers.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Finish_ValidatesStoredMultipleChoiceAndOtherTextAgain()
    {
        var completion = ResponseFlow.Finish(Clinic, Stored(("role", "manager"), ("tools", "ehr;other"), ("tools_other", "Fax; pager"), ("satisfaction", "3")));

        Assert.True(completion.IsComplete);
        Assert.Equal("ehr;other", completion.Answers["tools"]);
        Assert.Equal("Fax; pager", completion.Answers["tools_other"]);
    }

    [Fact]
    public void AsPosted_SplitsMultipleChoiceAndRankingBySemicolon_ButNotText()
    {
        var definition = new SurveyDefinition
        {
            Questions =
            [
                new() { Code = "tools", Text = "?", Type = QuestionType.MultipleChoice, Options = [new("ehr", "EHR"), new("ai", "AI"), new("other", "Other")], OtherOption = "other" },
                new() { Code = "rank", Text = "?", Type = QuestionType.Ranking, Options = [new("a", "A"), new("b", "B"), new("c", "C")] },
                new() { Code = "note", Text = "?", Type = QuestionType.ShortText },
                new() { Code = "essay", Text = "?", Type = QuestionType.LongText },
            ],
        };

        var posted = ResponseFlow.AsPosted(definition, Stored(("tools", "ehr;other"), ("tools_other", "x;y"), ("rank", "c;a;b"), ("note", "a;b"), ("essay", "one; two; three")));

        Assert.Equal(["ehr", "other"], posted["tools"]);
        Assert.Equal(["x;y"], posted["tools_other"]);
        Assert.Equal(["c", "a", "b"], posted["rank"]);
        Assert.Equal(["a;b"], posted["note"]);
        Assert.Equal(["one; two; three"], posted["essay"]);
        Assert.Equal(["ehr", "other"], posted["TOOLS"]); // keyed like the stored answers, ignoring case
    }

    [Fact]
    public void Shown_IgnoresStaleAnswersOfAPageThatIsNowHidden()
    {
        var answers = ResponseFlow.Post(Clinic, 0, Stored(), Posted(("role", ["clinician"])), lenient: false).Answers;
        answers = ResponseFlow.Post(Clinic, 1, answers, Posted(("hours", ["50"])), lenient: false).Answers;
        answers = ResponseFlow.Post(Clinic, 0, answers, Posted(("role", ["manager"])), lenient: false).Answers;
        Assert.Equal([0, 2], ResponseFlow.Path(Clinic, answers));

        // hours = 50 is still stored, but page 1 is off the path: Finish drops it and with it overtime.
        var posted = ResponseFlow.Post(Clinic, 2, answers, Posted(("satisfaction", ["4"]), ("overtime", ["Locum"])), lenient: false);
        Assert.False(posted.Answers.ContainsKey("overtime"));
        Assert.DoesNotContain("overtime", Codes(ResponseFlow.Shown(Clinic, 2, answers)));
    }
}
