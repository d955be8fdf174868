using SurveyPlatform.Domain.Importing;
using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Browser.Tests.Journeys;

/// <summary>Small multi-page surveys for the respondent-flow tests, imported as SurveyPlatform .json files.</summary>
internal static class TestSurveys
{
    /// <summary>
    /// Three pages. 1: a required single choice (Apple, Banana, Cherry) and a required short text. 2: a required
    /// number from 18 to 120, a required yes/no and "Why not?", shown on the same page only when the answer is No
    /// (a live condition, re-checked by respond.js). 3: a required 1–5 rating and an optional long text.
    /// </summary>
    public static SurveyDocument ThreePages(string title) => SurveyDocument.Of(title, "Three short pages.", new SurveyDefinition
    {
        Pages =
        [
            new PageDefinition
            {
                Title = "About you",
                Questions =
                [
                    new() { Code = "fruit", Text = "Which fruit do you like best?", Type = QuestionType.SingleChoice, Required = true,
                        Options = [new("apple", "Apple"), new("banana", "Banana"), new("cherry", "Cherry")] },
                    new() { Code = "name", Text = "What is your first name?", Type = QuestionType.ShortText, Required = true },
                ],
            },
            new PageDefinition
            {
                Title = "Numbers",
                Questions =
                [
                    new() { Code = "age", Text = "How old are you?", Type = QuestionType.Number, Required = true, Min = 18, Max = 120, WholeNumbers = true },
                    new() { Code = "agree", Text = "Do you agree with the terms?", Type = QuestionType.YesNo, Required = true },
                    new() { Code = "why", Text = "Why not?", Type = QuestionType.ShortText, Condition = "agree = no" },
                ],
            },
            new PageDefinition
            {
                Title = "Your mood",
                Questions =
                [
                    new() { Code = "mood", Text = "How is your mood?", Type = QuestionType.Rating, Required = true, Scale = 5, LowLabel = "Awful", HighLabel = "Great" },
                    new() { Code = "comments", Text = "Anything else?", Type = QuestionType.LongText },
                ],
            },
        ],
    });

    /// <summary>
    /// Three pages with every kind of control a respondent meets: radios, checkboxes and a date; a matrix with
    /// "not applicable" and a ranking; a number, a dropdown and a long text.
    /// </summary>
    public static SurveyDocument EveryControl(string title) => SurveyDocument.Of(title, "Every kind of control.", new SurveyDefinition
    {
        Pages =
        [
            new PageDefinition
            {
                Title = "Choices",
                Questions =
                [
                    new() { Code = "colour", Text = "Favourite colour?", Type = QuestionType.SingleChoice, Required = true,
                        Options = [new("red", "Red"), new("green", "Green"), new("blue", "Blue")] },
                    new() { Code = "pets", Text = "Which pets have you had?", Type = QuestionType.MultipleChoice, Required = true,
                        Options = [new("cat", "Cat"), new("dog", "Dog"), new("fish", "Fish"), new("none", "None of these")], ExclusiveOption = "none" },
                    new() { Code = "started", Text = "When did you start in your current job?", Type = QuestionType.Date, Required = true },
                ],
            },
            new PageDefinition
            {
                Title = "Grids",
                Questions =
                [
                    new() { Code = "tools", Text = "Where does your work on each tool stand?", Type = QuestionType.MatrixSingle, Required = true, AllowNotApplicable = true,
                        Options = [new("none", "Not started"), new("trial", "Trial"), new("pilot", "Pilot"), new("live", "Live"), new("retired", "Retired")],
                        Rows = [new("mail", "E-mail drafting"), new("notes", "Meeting notes"), new("code", "Code review")] },
                    new() { Code = "pain", Text = "How painful is each job today?", Type = QuestionType.MatrixRating, Required = true, Scale = 5, LowLabel = "Minor", HighLabel = "Severe",
                        Rows = [new("mail", "E-mail drafting"), new("notes", "Meeting notes")] },
                    new() { Code = "priorities", Text = "Rank these priorities", Type = QuestionType.Ranking, Required = true,
                        Options = [new("cost", "Cost"), new("speed", "Speed"), new("quality", "Quality")] },
                ],
            },
            new PageDefinition
            {
                Title = "Details",
                Questions =
                [
                    new() { Code = "staff", Text = "How many staff report to you?", Type = QuestionType.Number, Required = true, Min = 0, Max = 500, WholeNumbers = true, Unit = "people" },
                    new() { Code = "country", Text = "Country", Type = QuestionType.SingleChoice, Required = true, Display = ChoiceDisplay.Dropdown,
                        Options = [new("de", "Germany"), new("fr", "France"), new("uk", "United Kingdom")] },
                    new() { Code = "email", Text = "Your e-mail address", Type = QuestionType.ShortText, Validation = TextValidation.Email },
                    new() { Code = "notes", Text = "Anything else?", Type = QuestionType.LongText },
                ],
            },
        ],
    });
}
