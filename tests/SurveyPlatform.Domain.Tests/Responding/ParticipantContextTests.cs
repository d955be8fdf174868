using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Responding;

namespace SurveyPlatform.Domain.Tests.Responding;

/// <summary>The participant's attributes as context: they steer the path and the shown questions, and pipe into text, but are never answers.</summary>
public sealed class ParticipantContextTests
{
    /// <summary>Page 1 is for providers only; page 2 asks a region question only in the north and pipes the organisation.</summary>
    private static readonly SurveyDefinition Survey = new()
    {
        Pages =
        [
            new PageDefinition
            {
                Title = "Welcome",
                Questions = [new() { Code = "role", Text = "Your role?", Type = QuestionType.ShortText, Required = true }],
            },
            new PageDefinition
            {
                Title = "For providers at {participant.organisation}",
                Intro = "Segment: {participant.segment}",
                Condition = "participant.segment = provider",
                Questions = [new() { Code = "beds", Text = "How many beds at {participant.organisation}?", Type = QuestionType.Number, Required = true }],
            },
            new PageDefinition
            {
                Title = "Wrap up",
                Questions =
                [
                    new() { Code = "mood", Text = "How are you?", Type = QuestionType.Rating, Required = true },
                    new() { Code = "north", Text = "Which northern site?", Help = "We asked {role} at {participant.organisation}.", Type = QuestionType.ShortText, Condition = "participant.region in (north, northeast) and role is answered" },
                ],
            },
        ],
    };

    private static readonly Dictionary<string, string> Provider = new() { ["Segment"] = "Provider", ["organisation"] = "St Mary's [Trust]", ["region"] = "north" };
    private static readonly Dictionary<string, string> Payer = new() { ["segment"] = "payer", ["organisation"] = "Acme", ["region"] = "south" };

    private static Dictionary<string, string> Stored(params (string Key, string Value)[] answers) =>
        answers.ToDictionary(a => a.Key, a => a.Value, StringComparer.OrdinalIgnoreCase);

    private static Dictionary<string, IReadOnlyList<string>> Posted(params (string Key, string[] Values)[] posted) =>
        posted.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Values, StringComparer.OrdinalIgnoreCase);

    private static List<(string Key, string Value)> Sorted(IReadOnlyDictionary<string, string> answers) =>
        [.. answers.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => (a.Key, a.Value))];

    private static List<string> Codes(IEnumerable<QuestionDefinition> questions) => [.. questions.Select(q => q.Code)];

    [Fact]
    public void Path_SkipsAPageByAttribute_AndWithoutAParticipant()
    {
        Assert.Equal([0, 1, 2], ResponseFlow.Path(Survey, Stored(), Provider));
        Assert.Equal([0, 2], ResponseFlow.Path(Survey, Stored(), Payer));
        Assert.Equal([0, 2], ResponseFlow.Path(Survey, Stored()));
        Assert.Equal([0, 2], ResponseFlow.Path(Survey, Stored(), new Dictionary<string, string>()));
    }

    [Fact]
    public void Shown_DecidesAQuestionByAttributeAndAnswer()
    {
        Assert.Equal(["mood", "north"], Codes(ResponseFlow.Shown(Survey, 2, Stored(("role", "nurse")), Provider)));
        Assert.Equal(["mood"], Codes(ResponseFlow.Shown(Survey, 2, Stored(), Provider)));
        Assert.Equal(["mood"], Codes(ResponseFlow.Shown(Survey, 2, Stored(("role", "nurse")), Payer)));
        Assert.Equal(["mood"], Codes(ResponseFlow.Shown(Survey, 2, Stored(("role", "nurse")))));
        Assert.False(ResponseFlow.ReadsSamePage(Survey.Pages[2].Questions[1], Survey.Pages[2].Questions));
    }

    [Fact]
    public void Post_ValidatesOnlyWhatTheAttributesShow_AndStoresNoAttributes()
    {
        var provider = ResponseFlow.Post(Survey, 2, Stored(("role", "nurse")), Posted(("mood", ["4"]), ("north", ["Leeds"])), lenient: false, Provider);
        Assert.True(provider.IsValid);
        Assert.Equal(Sorted(Stored(("role", "nurse"), ("mood", "4"), ("north", "Leeds"))), Sorted(provider.Answers));

        var payer = ResponseFlow.Post(Survey, 2, Stored(("role", "nurse")), Posted(("mood", ["4"]), ("north", ["Leeds"])), lenient: false, Payer);
        Assert.Equal(Sorted(Stored(("role", "nurse"), ("mood", "4"))), Sorted(payer.Answers));

        // A posted field named like the reference is not an answer and cannot stand in for the attribute.
        var forged = ResponseFlow.Post(Survey, 2, Stored(("role", "nurse")), Posted(("mood", ["4"]), ("north", ["Leeds"]), ("participant.region", ["north"])), lenient: false);
        Assert.Equal(Sorted(Stored(("role", "nurse"), ("mood", "4"))), Sorted(forged.Answers));
    }

    [Fact]
    public void Finish_RequiresTheProvidersPage_ForAProviderOnly_AndDropsWhatTheAttributesHide()
    {
        var answers = Stored(("role", "nurse"), ("mood", "3"), ("north", "Leeds"));

        var provider = ResponseFlow.Finish(Survey, answers, Provider);
        Assert.False(provider.IsComplete);
        Assert.Equal(1, provider.FirstPageWithError);
        Assert.Equal("beds", Assert.Single(provider.Errors).Field);

        var complete = ResponseFlow.Finish(Survey, Stored(("role", "nurse"), ("beds", "120"), ("mood", "3"), ("north", "Leeds")), Provider);
        Assert.True(complete.IsComplete);
        Assert.Equal(["beds", "mood", "north", "role"], complete.Answers.Keys.Order(StringComparer.Ordinal));

        var payer = ResponseFlow.Finish(Survey, Stored(("role", "nurse"), ("beds", "120"), ("mood", "3"), ("north", "Leeds")), Payer);
        Assert.True(payer.IsComplete);
        Assert.Equal(Sorted(Stored(("role", "nurse"), ("mood", "3"))), Sorted(payer.Answers));

        var publicLink = ResponseFlow.Finish(Survey, answers);
        Assert.True(publicLink.IsComplete);
        Assert.Equal(Sorted(Stored(("role", "nurse"), ("mood", "3"))), Sorted(publicLink.Answers));
    }

    [Fact]
    public void AnswerSheet_ReportsThePagesTheAttributesHide()
    {
        var posted = ResponseFlow.AsPosted(Survey, Stored(("role", "nurse")));

        Assert.Empty(AnswerSheet.Validate(Survey, posted, Provider).HiddenPages);
        Assert.Equal([1], AnswerSheet.Validate(Survey, posted, Payer).HiddenPages);
        Assert.Contains("beds", AnswerSheet.Validate(Survey, posted).HiddenQuestions);
    }

    [Fact]
    public void Piping_ShowsTheAttribute_EscapedForMarkdown_AndNothingWithoutAParticipant()
    {
        var answers = Stored(("role", "nurse"));

        Assert.Equal("For providers at St Mary's [Trust]", Piping.Fill(Survey.Pages[1].Title, Survey, answers, context: Provider));
        Assert.Equal("How many beds at St Mary's \\[Trust\\]?", Piping.Fill(Survey.Pages[1].Questions[0], Survey, answers, Piping.EscapeMarkdown, context: Provider).Text);
        Assert.Equal("We asked nurse at Acme.", Piping.Fill(Survey.Pages[2].Questions[1], Survey, answers, context: Payer).Help);
        Assert.Equal("Segment: Provider", Piping.Fill("Segment: {Participant.SEGMENT}", Survey, answers, context: Provider));

        Assert.Equal("For providers at ", Piping.Fill(Survey.Pages[1].Title, Survey, answers));
        Assert.Equal("Missing: .", Piping.Fill("Missing: {participant.unknown}.", Survey, answers, context: Provider));
        Assert.Equal("Left as written: {participant.}", Piping.Fill("Left as written: {participant.}", Survey, answers, context: Provider));
    }
}
