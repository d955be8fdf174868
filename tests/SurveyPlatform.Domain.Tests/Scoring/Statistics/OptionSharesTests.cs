using SurveyPlatform.Domain.Scoring.Statistics;

namespace SurveyPlatform.Domain.Tests.Scoring.Statistics;

public sealed class OptionSharesTests
{
    [Fact]
    public void SingleChoice_SharesOfThoseWhoAnswered_SumToOne()
    {
        // Six respondents, one skipped: base 5; a 3/5, b 1/5, c 1/5, d 0.
        var table = OptionShares.SingleChoice(["a", "b", "a", null, "c", "a"], ["a", "b", "c", "d"]);
        Assert.Equal(ShareBase.RespondentsAnswering, table.Base);
        Assert.Equal(5, table.BaseN);
        Assert.Equal(["a", "b", "c", "d"], table.Options.Select(o => o.Code));
        Assert.Equal([3, 1, 1, 0], table.Options.Select(o => o.Count));
        Assert.Equal([0.6, 0.2, 0.2, 0], table.Options.Select(o => o.Share!.Value));
        // R: prop.test(3, 5, correct=FALSE)$conf.int -> 0.23072428127601299 0.88237922576735195
        var a = table.Options[0].Interval!.Value;
        Close.To(0.23072428127601299, a.Lower);
        Close.To(0.88237922576735195, a.Upper);
        Assert.Equal(WilsonInterval.ForProportion(0, 5), table.Options[3].Interval);
    }

    [Fact]
    public void MultipleChoice_SharesOfRespondentsWhoAnswered_MaySumAboveOne()
    {
        // Base: the four who chose something (the null and the empty answer did not answer).
        // a: 3 of 4 (a repeated code counts once), b: 2 of 4, c: 1 of 4, d: 0; total 1.5.
        IReadOnlyCollection<string>?[] answers = [["a", "b"], ["a"], null, [], ["b", "c"], ["a", "a"]];
        var table = OptionShares.MultipleChoice(answers, ["a", "b", "c", "d"]);
        Assert.Equal(ShareBase.RespondentsAnsweringAnyOption, table.Base);
        Assert.Equal(4, table.BaseN);
        Assert.Equal([3, 2, 1, 0], table.Options.Select(o => o.Count));
        Assert.Equal([0.75, 0.5, 0.25, 0], table.Options.Select(o => o.Share!.Value));
        Assert.Equal(1.5, table.Options.Sum(o => o.Share!.Value));
        Assert.Equal(WilsonInterval.ForProportion(2, 4), table.Options[1].Interval);
    }

    [Fact]
    public void NobodyAnswered_GivesCountsOfZeroWithoutShares()
    {
        var table = OptionShares.SingleChoice([null, null], ["a", "b"]);
        Assert.Equal(0, table.BaseN);
        Assert.All(table.Options, o => Assert.Equal(new OptionShare(o.Code, 0, null, null), o));
    }

    [Fact]
    public void AnAnswerThatIsNotAnOption_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => OptionShares.SingleChoice(["a", "z"], ["a", "b"]));
        Assert.Throws<ArgumentException>(() => OptionShares.MultipleChoice([["a", "z"]], ["a", "b"]));
        Assert.Throws<ArgumentException>(() => OptionShares.SingleChoice(["a"], ["a", "a"]));
    }
}
