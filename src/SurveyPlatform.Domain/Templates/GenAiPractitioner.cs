using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Templates;

/// <summary>A short practitioner survey in the style of Gradient Flow's 2024 Generative AI in Healthcare Survey.</summary>
public static class GenAiPractitioner
{
    public static SurveyTemplate Template { get; } = new(
        "genai-practitioner",
        "Generative AI in healthcare: practitioner survey",
        "Budgets, models, use cases, evaluation criteria, roadblocks and testing practices.",
        new SurveyDefinition
        {
            Pages =
            [
                new PageDefinition
                {
                    Title = "You and your organisation",
                    Questions =
                    [
                        new() { Code = "company_size", Text = "How many people work at your company?", Type = QuestionType.SingleChoice, Required = true,
                            Options = SurveyTemplate.Coded(("lt_100", "Fewer than 100"), ("s100_999", "100–999"), ("s1000_9999", "1,000–9,999"), ("gte_10000", "10,000 or more")) },
                        new() { Code = "technical_leader", Text = "Are you a technical leader?", Type = QuestionType.YesNo, Required = true },
                        new() { Code = "genai_stage", Text = "Where is your organisation with generative AI?", Type = QuestionType.SingleChoice, Required = true,
                            Options = SurveyTemplate.Coded(("evaluating", "Evaluating"), ("using", "Using"), ("deploying", "Deploying"), ("not_yet", "Not yet looking")) },
                    ],
                },
                new PageDefinition
                {
                    Title = "Budget, models and use cases",
                    Condition = "genai_stage != not_yet",
                    Questions =
                    [
                        new() { Code = "budget_change", Text = "How has your generative AI budget changed compared with last year?", Type = QuestionType.SingleChoice,
                            Options = SurveyTemplate.Coded(("same", "About the same"), ("up_10_50", "Up 10–50%"), ("up_50_100", "Up 50–100%"), ("up_100_300", "Up 100–300%"), ("up_300_plus", "Up more than 300%")) },
                        new() { Code = "models_used", Text = "Which kinds of models do you use?", Type = QuestionType.MultipleChoice, OtherOption = "other",
                            Options = SurveyTemplate.Coded(("hc_small", "Healthcare-specific small models"), ("os_llm", "Open-source LLMs"), ("os_small", "Open-source small models"),
                                ("proprietary_api", "Proprietary LLMs through a SaaS API"), ("custom", "Custom models"), ("other", "Other")) },
                        new() { Code = "use_cases", Text = "What do you use generative AI for?", Type = QuestionType.MultipleChoice, OtherOption = "other",
                            Options = SurveyTemplate.Coded(("patient_questions", "Answering patient questions"), ("chatbots", "Medical chatbots"), ("extraction", "Information extraction and data abstraction"),
                                ("research", "Biomedical research"), ("coding_audit", "Clinical coding and chart audit"), ("other", "Other")) },
                    ],
                },
                new PageDefinition
                {
                    Title = "Evaluation and risk",
                    Condition = "genai_stage != not_yet",
                    Questions =
                    [
                        new() { Code = "criteria", Text = "How important is each criterion when you evaluate a model?", Type = QuestionType.MatrixRating, Scale = 5,
                            LowLabel = "Not important", HighLabel = "Very important",
                            Rows = SurveyTemplate.Coded(("accuracy", "Accuracy"), ("security_privacy", "Security and privacy"), ("healthcare_tuned", "Tuned for healthcare"),
                                ("reproducibility", "Reproducibility"), ("legal_risk", "Legal and reputational risk"), ("explainability", "Explainability and transparency"), ("cost", "Cost")) },
                        new() { Code = "roadblocks", Text = "What holds you back?", Type = QuestionType.MultipleChoice,
                            Options = SurveyTemplate.Coded(("accuracy", "Accuracy"), ("privacy", "Privacy and security"), ("cost", "Cost"), ("skills", "Skills"), ("regulation", "Regulation"), ("integration", "Integration")) },
                        new() { Code = "testing", Text = "Which testing practices do you use?", Type = QuestionType.MultipleChoice, ExclusiveOption = "none",
                            Options = SurveyTemplate.Coded(("human_in_loop", "Human in the loop"), ("robustness", "Robustness"), ("fairness", "Fairness"), ("bias", "Bias"),
                                ("truthfulness", "Truthfulness"), ("data_leakage", "Data leakage"), ("freshness", "Freshness"), ("none", "None of these")) },
                    ],
                },
            ],
        });
}
