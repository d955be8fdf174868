using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Templates;

/// <summary>
/// The flagship "Healthcare AI Adoption and Readiness" questionnaire, modelled on the structure of
/// the Healthcare AI Adoption Index (../shared/domain/healthcare-ai-adoption.md): a segment question,
/// then for the respondent's segment only the jobs to be done in three matrices sharing their rows
/// (stage, pain intensity, share still manual), one matrix a page, then strategy, investment, data and people, trust
/// and outcomes.
/// </summary>
public static class HealthcareAiAdoption
{
    public static readonly string[] ProviderJobs =
    [
        "Ambient clinical documentation", "Patient message drafting", "Discharge summary drafting",
        "Clinical coding and documentation integrity", "Prior authorization submission", "Denials management and appeals",
        "Scheduling and patient access", "Referral management", "Point-of-care decision support", "Radiology report drafting",
        "Lab and pathology result summaries", "Nursing handoff summaries", "Patient intake and triage", "Care-gap outreach",
        "Charge capture", "Quality measure abstraction", "Patient education materials", "Staffing and capacity forecasting",
    ];

    public static readonly string[] PayerJobs =
    [
        "Claims adjudication", "Prior authorization review", "Fraud, waste and abuse detection", "Payment integrity",
        "Member service assistants", "Call summarisation", "Care management prioritisation", "Risk adjustment coding review",
        "Appeals and grievances", "Provider data management", "Network and contracting analytics", "Pricing and underwriting",
        "Medical policy authoring", "Utilization management review summaries", "Quality (HEDIS/Stars) gap closure",
        "Member correspondence", "Benefits and plan document Q&A", "Claims correspondence and EOB explanation",
        "Broker and sales enablement", "Formulary and pharmacy analytics", "Social needs identification",
        "Regulatory reporting and compliance monitoring",
    ];

    public static readonly string[] PharmaJobs =
    [
        "Target identification", "Molecule and protein design", "Literature and patent review", "Preclinical data analysis",
        "Trial protocol design", "Site selection and patient recruitment", "Clinical data cleaning", "Clinical study report drafting",
        "Regulatory submission assembly", "Pharmacovigilance case processing", "Medical information inquiries",
        "Medical affairs evidence synthesis", "Real-world evidence analysis", "Manufacturing deviation investigation",
        "Supply and demand forecasting", "Marketing content and MLR review", "Rep enablement and next best action",
        "HCP engagement analytics", "Market access value dossiers",
    ];

    /// <summary>Stage columns, in adoption order (the scoring model weights them 0/25/50/75/100).</summary>
    public static readonly OptionDefinition[] Stages = SurveyTemplate.Coded(
        ("not_considering", "Not considering"), ("ideation", "Ideation"), ("poc", "Proof of concept"),
        ("implementation", "Implementation"), ("production", "Production"));

    public static readonly OptionDefinition[] ManualShares = SurveyTemplate.Coded(
        ("m0_20", "0–20%"), ("m21_40", "21–40%"), ("m41_60", "41–60%"), ("m61_80", "61–80%"), ("m81_100", "81–100%"));

    public static SurveyTemplate Template { get; } = new(
        "healthcare-ai-adoption",
        "Healthcare AI Adoption and Readiness",
        "Where your organisation stands on AI, job by job, and how ready it is to scale.",
        Build());

    private static SurveyDefinition Build() => new()
    {
        Pages =
        [
            new PageDefinition
            {
                Title = "About you",
                Intro = "A few questions about your organisation and your role.",
                Questions =
                [
                    new() { Code = "segment", Text = "Which best describes your organisation?", Type = QuestionType.SingleChoice, Required = true,
                        Options = SurveyTemplate.Coded(("payer", "Payer"), ("pharma", "Pharma"), ("provider", "Provider"), ("other", "Other health organisation")) },
                    new() { Code = "org_size", Text = "How many staff does your organisation have?", Type = QuestionType.SingleChoice, Required = true,
                        Options = SurveyTemplate.Coded(("small", "Small (under 1,000)"), ("medium", "Medium (1,000–10,000)"), ("large", "Large (over 10,000)")) },
                    new() { Code = "role", Text = "What is your role?", Type = QuestionType.SingleChoice, Required = true,
                        Options = SurveyTemplate.Coded(("executive", "Executive"), ("technical_leader", "Technical leader"), ("clinician_leader", "Clinician leader"), ("data_scientist", "Data scientist"), ("other", "Other")) },
                    new() { Code = "region", Text = "In which country or region are you based?", Type = QuestionType.ShortText },
                ],
            },
            .. JobsPages("Provider", "prov", "provider", ProviderJobs),
            .. JobsPages("Payer", "payer", "payer", PayerJobs),
            .. JobsPages("Pharma", "pharma", "pharma", PharmaJobs),
            new PageDefinition
            {
                Title = "Strategy and governance",
                Questions =
                [
                    new() { Code = "ai_strategy", Text = "Does your organisation have a clear AI strategy?", Type = QuestionType.SingleChoice, Required = true,
                        Options = SurveyTemplate.Coded(("yes", "Yes"), ("in_progress", "In progress"), ("no", "No")) },
                    new() { Code = "governance_committee", Text = "Does your organisation have an AI governance committee?", Type = QuestionType.YesNo, Required = true },
                    new() { Code = "budget_owner", Text = "Who owns the AI budget?", Type = QuestionType.SingleChoice,
                        Options = SurveyTemplate.Coded(("c_suite", "C-suite"), ("it", "IT"), ("business_units", "Business units"), ("mixed", "Mixed")) },
                ],
            },
            new PageDefinition
            {
                Title = "Investment",
                Questions =
                [
                    new() { Code = "budget_change", Text = "How has your AI budget changed compared with last year?", Type = QuestionType.SingleChoice,
                        Options = SurveyTemplate.Coded(("same", "About the same"), ("up_10_50", "Up 10–50%"), ("up_50_100", "Up 50–100%"), ("up_100_300", "Up 100–300%"), ("up_300_plus", "Up more than 300%")) },
                    new() { Code = "budget_vs_it", Text = "Is your AI budget growing faster than your IT spend?", Type = QuestionType.SingleChoice,
                        Options = SurveyTemplate.Coded(("yes", "Yes"), ("same", "About the same"), ("no", "No")) },
                    new() { Code = "funding", Text = "How is AI work funded?", Type = QuestionType.SingleChoice,
                        Options = SurveyTemplate.Coded(("central", "Centrally"), ("business_unit", "By business units"), ("both", "Both")) },
                ],
            },
            new PageDefinition
            {
                Title = "Data, platform and people",
                Intro = "Rate each from 1 (very weak) to 5 (very strong).",
                Questions =
                [
                    Readiness("data_readiness", "How ready is your data for AI?"),
                    Readiness("deploy_in_env", "How able are you to deploy AI inside your own environment?"),
                    Readiness("ehr_integration", "How well can AI integrate with your EHR or claims systems?"),
                    Readiness("ai_expertise", "How strong is your in-house AI expertise?"),
                    new() { Code = "hitl_review", Text = "Do you have a human-in-the-loop review process for AI output?", Type = QuestionType.SingleChoice,
                        Options = SurveyTemplate.Coded(("yes", "Yes"), ("partly", "Partly"), ("no", "No")) },
                ],
            },
            new PageDefinition
            {
                Title = "Trust and evaluation",
                Questions =
                [
                    new() { Code = "eval_importance", Text = "How important is each criterion when you evaluate an AI solution?", Type = QuestionType.MatrixRating,
                        Scale = 5, LowLabel = "Not important", HighLabel = "Critical",
                        Rows = SurveyTemplate.Coded(("accuracy", "Accuracy"), ("security_privacy", "Security and privacy"), ("healthcare_tuned", "Tuned for healthcare"),
                            ("reproducibility", "Reproducibility"), ("legal_risk", "Legal and reputational risk"), ("explainability", "Explainability and transparency"), ("cost", "Cost")) },
                    new() { Code = "testing_practices", Text = "Which testing practices do you use?", Type = QuestionType.MultipleChoice, ExclusiveOption = "none",
                        Options = SurveyTemplate.Coded(("human_in_loop", "Human in the loop"), ("robustness", "Robustness"), ("fairness", "Fairness"), ("bias", "Bias"),
                            ("truthfulness", "Truthfulness"), ("data_leakage", "Data leakage"), ("freshness", "Freshness"), ("none", "None of these")) },
                    new() { Code = "models_used", Text = "Which kinds of models do you use?", Type = QuestionType.MultipleChoice, OtherOption = "other",
                        Options = SurveyTemplate.Coded(("hc_small", "Healthcare-specific small models"), ("os_llm", "Open-source LLMs"), ("os_small", "Open-source small models"),
                            ("proprietary_api", "Proprietary LLMs through a SaaS API"), ("custom", "Custom models"), ("other", "Other")) },
                ],
            },
            new PageDefinition
            {
                Title = "Outcomes",
                Questions =
                [
                    new() { Code = "pocs_completed", Text = "How many AI proofs of concept did you complete in the last 12 months?", Type = QuestionType.Number, Min = 0, Max = 10000, WholeNumbers = true },
                    new() { Code = "pocs_in_production", Text = "Of those, how many are in production?", Type = QuestionType.Number, Min = 0, Max = 10000, WholeNumbers = true,
                        Condition = "pocs_completed > 0" },
                    new() { Code = "roi_first_year", Text = "Did you see meaningful ROI from AI within the first year?", Type = QuestionType.SingleChoice,
                        Options = SurveyTemplate.Coded(("yes", "Yes"), ("too_early", "Too early to tell"), ("no", "No")) },
                    new() { Code = "roadblocks", Text = "What are the main roadblocks to scaling AI?", Type = QuestionType.MultipleChoice,
                        Options = SurveyTemplate.Coded(("security", "Security"), ("expertise", "In-house expertise"), ("integration_cost", "Integration cost"), ("data_readiness", "Data readiness"),
                            ("regulatory", "Regulatory uncertainty"), ("budget", "Budget"), ("clinician_acceptance", "Clinician acceptance")) },
                ],
            },
        ],
    };

    private static QuestionDefinition Readiness(string code, string text) =>
        new() { Code = code, Text = text, Type = QuestionType.Rating, Scale = 5, LowLabel = "Very weak", HighLabel = "Very strong" };

    /// <summary>
    /// The segment's three matrices, one page each: on a phone every job is a card per matrix, and one page of
    /// all three (66 payer cards) measured 22,239 px at 390×844 (docs/performance.md). The answer keys are those
    /// of the one-page layout, so scoring and exports are unchanged.
    /// </summary>
    private static PageDefinition[] JobsPages(string segmentName, string prefix, string segmentCode, string[] jobs)
    {
        var rows = jobs.Select(j => new OptionDefinition(SurveyTemplate.Slug(j), j)).ToArray();
        QuestionDefinition[] matrices =
        [
            new() { Code = $"{prefix}_stage", Text = "Where does your AI work on each job stand?", Type = QuestionType.MatrixSingle, AllowNotApplicable = true, Options = Stages, Rows = rows },
            new() { Code = $"{prefix}_pain", Text = "How intense is the pain point today?", Type = QuestionType.MatrixRating, Scale = 5, LowLabel = "Minor", HighLabel = "Severe", AllowNotApplicable = true, Rows = rows },
            new() { Code = $"{prefix}_manual", Text = "How much of the work is still done manually?", Type = QuestionType.MatrixSingle, AllowNotApplicable = true, Options = ManualShares, Rows = rows },
        ];
        string[] intros =
        [
            "For each job, tell us where your organisation's AI work stands. The next two pages ask how painful each job is today and how much of it is still done by hand.",
            "For the same jobs: how painful is each one today?",
            "For the same jobs: how much of each is still done by hand?",
        ];
        return [.. matrices.Select((matrix, i) => new PageDefinition
        {
            Title = $"{segmentName} jobs to be done ({i + 1} of {matrices.Length})",
            Intro = intros[i],
            Condition = $"segment = {segmentCode}",
            Questions = [matrix],
        })];
    }
}
