using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Templates;

namespace SurveyPlatform.Domain.Tests.Templates;

public sealed class TemplateTests
{
    public static TheoryData<string> Keys() => [.. SurveyTemplate.All.Select(t => t.Key)];

    [Theory]
    [MemberData(nameof(Keys))]
    public void Template_PassesPublishValidation(string key) =>
        Assert.Empty(DefinitionCheck.Problems(SurveyTemplate.Find(key)!.Definition));

    [Theory]
    [MemberData(nameof(Keys))]
    public void Template_JsonRoundTrip_IsIdentical(string key)
    {
        var json = SurveyTemplate.Find(key)!.Definition.ToJson();
        var reparsed = SurveyDefinition.FromJson(json);
        Assert.Equal(json, reparsed.ToJson());
        Assert.Equal(SurveyTemplate.Find(key)!.Definition.Questions.Count, reparsed.Questions.Count);
    }

    [Fact]
    public void HealthcareTemplate_HasTheIndexStructure()
    {
        var definition = HealthcareAiAdoption.Template.Definition;
        Assert.Equal(15, definition.Pages.Count);
        Assert.Equal((18, 22, 19), (HealthcareAiAdoption.ProviderJobs.Length, HealthcareAiAdoption.PayerJobs.Length, HealthcareAiAdoption.PharmaJobs.Length));
        foreach (var (prefix, segment, jobs) in new[] { ("prov", "provider", 18), ("payer", "payer", 22), ("pharma", "pharma", 19) })
        {
            // One matrix a page, each page shown only to the segment.
            var pages = definition.Pages.Where(p => p.Questions.Any(q => q.Code.StartsWith(prefix + "_", StringComparison.Ordinal))).ToList();
            Assert.Equal(3, pages.Count);
            Assert.All(pages, p => Assert.Equal($"segment = {segment}", p.Condition));
            Assert.All(pages, p => Assert.Single(p.Questions));
            var matrices = pages.SelectMany(p => p.Questions).ToDictionary(q => q.Code);
            Assert.Equal(QuestionType.MatrixSingle, matrices[$"{prefix}_stage"].Type);
            Assert.Equal(QuestionType.MatrixRating, matrices[$"{prefix}_pain"].Type);
            Assert.Equal(QuestionType.MatrixSingle, matrices[$"{prefix}_manual"].Type);
            // The three matrices share their rows.
            var rows = matrices[$"{prefix}_stage"].Rows.Select(r => r.Code).ToList();
            Assert.Equal(jobs, rows.Count);
            Assert.Equal(rows, matrices[$"{prefix}_pain"].Rows.Select(r => r.Code));
            Assert.Equal(rows, matrices[$"{prefix}_manual"].Rows.Select(r => r.Code));
            Assert.Equal(["not_considering", "ideation", "poc", "implementation", "production"], matrices[$"{prefix}_stage"].Options.Select(o => o.Code));
            Assert.True(matrices[$"{prefix}_stage"].AllowNotApplicable);
        }

        Assert.Equal(["payer", "pharma", "provider", "other"], definition.Find("segment")!.Options.Select(o => o.Code));
        foreach (var code in new[] { "org_size", "role", "region", "ai_strategy", "governance_committee", "budget_owner", "budget_change", "budget_vs_it", "funding",
                     "data_readiness", "deploy_in_env", "ehr_integration", "ai_expertise", "hitl_review", "eval_importance", "testing_practices", "models_used",
                     "pocs_completed", "pocs_in_production", "roi_first_year", "roadblocks" })
        {
            Assert.NotNull(definition.Find(code));
        }
    }

    [Fact]
    public void HealthcareTemplate_ShowsOnlyTheRespondentsSegment()
    {
        var definition = HealthcareAiAdoption.Template.Definition;
        var posted = new Dictionary<string, IReadOnlyList<string>>
        {
            ["segment"] = ["provider"], ["org_size"] = ["large"], ["role"] = ["executive"],
            ["ai_strategy"] = ["yes"], ["governance_committee"] = ["yes"],
            ["prov_stage_ambient_clinical_documentation"] = ["production"],
            ["payer_stage_claims_adjudication"] = ["poc"],
        };
        var result = AnswerSheet.Validate(definition, posted);
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => e.Message)));
        Assert.Contains("payer_stage", result.HiddenQuestions);
        Assert.Contains("pharma_manual", result.HiddenQuestions);
        Assert.DoesNotContain("prov_stage", result.HiddenQuestions);
        Assert.False(result.Answers.ContainsKey("payer_stage_claims_adjudication"));
        Assert.Equal("production", result.Answers["prov_stage_ambient_clinical_documentation"]);
    }
}
