using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Domain.Surveys;

namespace SurveyPlatform.Domain.Tests.Distribution;

/// <summary>A survey's access mode and anonymous mode, and which attributes an anonymous response keeps.</summary>
public sealed class AccessModeTests
{
    private static readonly DateTime T0 = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    private static Survey NewSurvey() => Survey.Create("owner", "Clinic survey", null, T0);

    [Fact]
    public void ANewSurvey_TakesBothLinks_AndIsNotAnonymous()
    {
        var survey = NewSurvey();

        Assert.Equal(AccessMode.Both, survey.AccessMode);
        Assert.True(survey.AllowsPublicLink);
        Assert.True(survey.AllowsPersonalLinks);
        Assert.False(survey.Anonymous);
        Assert.Empty(survey.NonIdentifyingAttributes);
    }

    [Theory]
    [InlineData(AccessMode.PublicLink, true, false)]
    [InlineData(AccessMode.Invitation, false, true)]
    [InlineData(AccessMode.Both, true, true)]
    public void SetAccessMode_DecidesWhichLinksWork(AccessMode mode, bool publicLink, bool personalLinks)
    {
        var survey = NewSurvey();

        Assert.Null(survey.SetAccessMode(mode));

        Assert.Equal(mode, survey.AccessMode);
        Assert.Equal(publicLink, survey.AllowsPublicLink);
        Assert.Equal(personalLinks, survey.AllowsPersonalLinks);
    }

    [Fact]
    public void SetAccessMode_RefusesAnUnknownMode_AndKeepsTheOldOne()
    {
        var survey = NewSurvey();
        survey.SetAccessMode(AccessMode.Invitation);

        Assert.NotNull(survey.SetAccessMode((AccessMode)7));
        Assert.Equal(AccessMode.Invitation, survey.AccessMode);
    }

    [Fact]
    public void Anonymity_CanChangeFreelyBeforeTheFirstResponse_AndKeepsTheNamesTrimmedAndDistinct()
    {
        var survey = NewSurvey();

        Assert.Empty(survey.ConfigureAnonymity(true, [" segment ", "region", "Segment", ""], responses: 0));
        Assert.True(survey.Anonymous);
        Assert.Equal(["segment", "region"], survey.NonIdentifyingAttributes);

        Assert.Empty(survey.ConfigureAnonymity(false, [], responses: 0));
        Assert.False(survey.Anonymous);
        Assert.Empty(survey.NonIdentifyingAttributes);
    }

    [Fact]
    public void TurningAnonymityOff_OnceResponsesExist_IsRefusedWithAReason()
    {
        var survey = NewSurvey();
        survey.ConfigureAnonymity(true, ["segment"], responses: 0);

        var error = Assert.Single(survey.ConfigureAnonymity(false, ["segment"], responses: 3));

        Assert.Equal(nameof(Survey.Anonymous), error.Field);
        Assert.Contains("cannot be turned off", error.Message, StringComparison.Ordinal);
        Assert.True(survey.Anonymous);
    }

    [Fact]
    public void TurningAnonymityOn_OnceResponsesExist_IsRefused_ButTheAttributeListCanStillChange()
    {
        var survey = NewSurvey();

        var error = Assert.Single(survey.ConfigureAnonymity(true, [], responses: 1));
        Assert.Equal(nameof(Survey.Anonymous), error.Field);
        Assert.False(survey.Anonymous);

        Assert.Empty(survey.ConfigureAnonymity(false, ["region"], responses: 1));
        Assert.Equal(["region"], survey.NonIdentifyingAttributes);
    }

    [Theory]
    [InlineData("email")]
    [InlineData("First_Name")]
    [InlineData("lastname")]
    [InlineData("1st")]
    [InlineData("a-b")]
    public void IdentifyingOrInvalidNames_CannotBeMarkedNonIdentifying(string name)
    {
        var survey = NewSurvey();

        var error = Assert.Single(survey.ConfigureAnonymity(true, ["segment", name], responses: 0));

        Assert.Equal(nameof(Survey.NonIdentifyingAttributes), error.Field);
        Assert.False(survey.Anonymous);
        Assert.Empty(survey.NonIdentifyingAttributes);
    }

    [Fact]
    public void AnAnonymousResponse_KeepsOnlyTheNonIdentifyingAttributes()
    {
        var id = Guid.NewGuid();
        var attributes = new Dictionary<string, string> { ["organisation"] = "St Mary's", ["segment"] = "provider", ["region"] = "north" };

        var kept = ResponseAttributes.Keep(id, attributes, ["Segment", "region"]);

        Assert.NotNull(kept);
        Assert.Equal(id, kept.ResponseId);
        Assert.Equal(new Dictionary<string, string> { ["region"] = "north", ["segment"] = "provider" }, kept.Attributes);
        Assert.Null(ResponseAttributes.Keep(id, attributes, ["department"]));
    }
}
