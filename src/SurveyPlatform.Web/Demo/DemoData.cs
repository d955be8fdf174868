using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Scoring;
using SurveyPlatform.Web.Surveys;

namespace SurveyPlatform.Web.Demo;

/// <summary>
/// In Development, a closed and scored demo survey with a few hundred synthetic responses, so a
/// newcomer sees real results at once. Seeded from a fixed seed, once.
/// </summary>
public sealed class DemoData(AppDbContext db, SurveyScoring scoring, TimeProvider clock, IConfiguration configuration) : IFirstAdministratorStep
{
    /// <summary>Seeds once the installation has an administrator, who owns the demo survey.</summary>
    public Task RunAsync(string administratorId, CancellationToken cancellationToken) => EnsureSeededAsync(administratorId, cancellationToken);

    public const string Title = "Demo: AI readiness pulse";

    public async Task EnsureSeededAsync(string ownerId, CancellationToken cancellationToken)
    {
        if (!configuration.GetValue<bool>("DemoData:Enabled")
            || await db.Surveys.AnyAsync(s => s.Title == Title, cancellationToken))
        {
            return;
        }

        var count = configuration.GetValue("DemoData:Responses", 300);
        var now = clock.GetUtcNow().UtcDateTime;
        var survey = Survey.Create(ownerId, Title, "Synthetic responses generated for the demo. Safe to delete.", now.AddDays(-14));
        foreach (var question in Questions())
        {
            if (survey.AddQuestion(question).Count > 0)
            {
                throw new InvalidOperationException($"Demo question {question.Code} is invalid.");
            }
        }

        survey.Publish(now.AddDays(-14), SurveyLifecycle.NewPublicCode());
        db.Surveys.Add(survey);

        var random = new Random(20261122);
        var definition = survey.Draft;
        for (var i = 0; i < count; i++)
        {
            var answers = new Dictionary<string, string>
            {
                ["segment"] = Pick(random, definition.Find("segment")!).Code,
                ["strategy"] = Pick(random, definition.Find("strategy")!).Code,
                ["roadblocks"] = string.Join(AnswerSheet.MultipleSeparator, definition.Find("roadblocks")!.Options.Where(_ => random.NextDouble() < 0.4).Select(o => o.Code)),
                ["data_readiness"] = random.Next(1, 6).ToString(CultureInfo.InvariantCulture),
                ["pocs"] = random.Next(0, 25).ToString(CultureInfo.InvariantCulture),
            };
            if (answers["roadblocks"].Length == 0)
            {
                answers.Remove("roadblocks");
            }

            if (random.NextDouble() < 0.3)
            {
                answers["comment"] = Comments[random.Next(Comments.Length)];
            }

            var submitted = now.AddDays(-13).AddMinutes(random.Next(0, 60 * 24 * 12));
            db.Responses.Add(SurveyResponse.Submit(Guid.NewGuid(), survey, answers, submitted));
        }

        // The demo is a readiness assessment: it comes with its scoring model chosen, as the flagship template does.
        if (ScoringModels.Offered(definition).Model is { } offered)
        {
            var model = offered with { Version = 1 };
            db.ScoringModels.Add(new SurveyScoringModel(survey.Id, 1, model.ToJson(), model.ComputeHash(), null, now.AddDays(-14)));
        }

        survey.Close(now.AddDays(-1), CloseReason.Manual);
        await db.SaveChangesAsync(cancellationToken);
        await scoring.ScoreAsync(survey.Id, cancellationToken);
    }

    private static OptionDefinition Pick(Random random, QuestionDefinition question) =>
        question.Options[random.Next(question.Options.Count)];

    private static readonly string[] Comments =
    [
        "Ambient documentation is our first priority.",
        "Data governance is slowing us down.",
        "We need better integration with the EHR.",
        "Budget approved for two pilots next year.",
    ];

    private static IEnumerable<QuestionDefinition> Questions() =>
    [
        new() { Code = "segment", Text = "Which segment is your organisation in?", Type = QuestionType.SingleChoice, Required = true,
            Options = [new("payer", "Payer", 0), new("pharma", "Pharma", 0), new("provider", "Provider", 0)] },
        new() { Code = "strategy", Text = "Do you have a clear AI strategy?", Type = QuestionType.SingleChoice, Required = true,
            Options = [new("yes", "Yes", 10), new("in_progress", "In progress", 5), new("no", "No", 0)] },
        new() { Code = "roadblocks", Text = "Which roadblocks have you met?", Type = QuestionType.MultipleChoice,
            Options = [new("security", "Security", -1), new("expertise", "In-house expertise", -1), new("integration", "Integration cost", -1), new("data", "Data readiness", -1)] },
        new() { Code = "data_readiness", Text = "How ready is your data for AI?", Type = QuestionType.Rating, Required = true },
        new() { Code = "pocs", Text = "How many AI proofs of concept did you complete in the last 12 months?", Type = QuestionType.Number, Min = 0, Max = 500 },
        new() { Code = "comment", Text = "Anything else?", Type = QuestionType.ShortText },
    ];
}
