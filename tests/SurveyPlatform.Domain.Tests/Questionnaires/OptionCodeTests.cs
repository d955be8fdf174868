using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Tests.Questionnaires;

public sealed class OptionCodeTests
{
    [Fact]
    public void OptionsWithoutCodes_GetASlugOfTheirLabel_UniqueAsciiAndNeverReplacingAWrittenCode()
    {
        var (options, errors) = QuestionDraft.ParseOptions("Very satisfied\nTrès bien | 2\nЗдравствуйте\nGröße & Maß\nYes\nyes | Yes too\nVery  satisfied!");

        Assert.Empty(errors);
        Assert.Equal(["very_satisfied", "tres_bien", "opt_3", "grosse_mass", "yes_2", "yes", "very_satisfied_2"], options.Select(o => o.Code));
        Assert.Equal(2m, options[1].Points);
    }

    [Fact]
    public void TheSlug_IsAtMostTheCodeLength()
    {
        Assert.Equal(QuestionDraft.MaxCodeLength, QuestionDraft.Slug(new string('a', 40)).Length);
        Assert.Equal(string.Empty, QuestionDraft.Slug("日本語"));
    }

    [Fact]
    public void EveryQuestionType_HasAHumanName()
    {
        var names = Enum.GetValues<QuestionType>().Select(t => t.DisplayName()).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.DoesNotContain(names, n => n.Any(char.IsUpper) && n.Skip(1).Any(char.IsUpper) && !n.Contains(' ', StringComparison.Ordinal));
        Assert.Equal("Net Promoter Score", QuestionType.Nps.DisplayName());
        Assert.Equal("Matrix (one answer per row)", QuestionType.MatrixSingle.DisplayName());
    }
}
