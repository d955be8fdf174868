using SurveyPlatform.Domain.Scoring.Model;
using SurveyPlatform.Domain.Templates;

namespace SurveyPlatform.Domain.Tests.Scoring.Model;

public sealed class ScoringModelDocumentTests
{
    private const string Small = """
        {
          "format": "surveyplatform.scoring/1",
          "version": 3,
          "items": [
            { "key": "seg", "scores": { "b": 2, "a": 1 } },
            { "key": "done", "min": 0, "max": 20, "reverse": true }
          ],
          "dimensions": [
            { "name": "All", "items": [ { "item": "seg" }, { "item": "done", "weight": 2 } ] }
          ]
        }
        """;

    // The same model: other whitespace, property order and option order, and the defaults spelt out.
    private const string SmallReordered = """
        {"dimensions":[{"minimumAnsweredShare":0.5,"items":[{"item":"seg","weight":1},{"weight":2,"item":"done"}],"weight":1,"name":"All"}],
         "version":3,"items":[{"scores":{"a":1,"b":2},"key":"seg"},{"reverse":true,"max":20,"key":"done","min":0}],
         "overall":{"method":"linear","geometricOffset":1,"minimumDimensionShare":0},"format":"surveyplatform.scoring/1"}
        """;

    [Fact]
    public void TheFlagshipModel_RoundTripsThroughJson()
    {
        var model = FlagshipScoringModel.Create();
        var json = model.ToJson();
        var back = ScoringModel.FromJson(json);

        Assert.Equal(json, back.ToJson());
        Assert.Equal(model.ToCanonicalJson(), back.ToCanonicalJson());
        Assert.Equal(model.ComputeHash(), back.ComputeHash());
        Assert.Empty(ScoringModelValidator.Validate(back, HealthcareAiAdoption.Template.Definition));
        Assert.Contains("\"format\": \"surveyplatform.scoring/1\"", json, StringComparison.Ordinal);
        Assert.Contains("\"source\": \"adoptionBreadth\"", json, StringComparison.Ordinal);
        Assert.Contains("\"method\": \"median\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingProperties_TakeTheDefaults()
    {
        var model = ScoringModel.FromJson(Small);
        Assert.Equal(3, model.Version);
        Assert.Equal(0.5, model.Dimensions[0].MinimumAnsweredShare);
        Assert.Equal(1d, model.Dimensions[0].Weight);
        Assert.Equal(1d, model.Dimensions[0].Items[0].Weight);
        Assert.Equal(2d, model.Dimensions[0].Items[1].Weight);
        Assert.True(model.Items[1].Reverse);
        Assert.Equal(AggregationMethod.Linear, model.Overall.Method);
        Assert.Equal(["Foundational", "Approaching", "Aspirational", "Mature"], model.Bands.Select(b => b.Name));
        Assert.Null(model.Jtbd);

        var jtbd = ScoringModel.FromJson("""{"jtbd":{"segments":[]}}""").Jtbd!;
        Assert.Equal([0d, 25, 50, 75, 100], jtbd.StageWeights);
        Assert.Equal(CutoffMethod.Median, jtbd.Cutoffs.Method);
    }

    [Fact]
    public void TheHash_IgnoresLayoutOrderAndSpeltOutDefaults()
    {
        var a = ScoringModel.FromJson(Small);
        var b = ScoringModel.FromJson(SmallReordered);
        Assert.Equal(a.ToCanonicalJson(), b.ToCanonicalJson());
        Assert.Equal(a.ComputeHash(), b.ComputeHash());
    }

    [Fact]
    public void TheHash_IsPinned_SoTheCanonicalFormCannotDriftUnnoticed()
    {
        var model = ScoringModel.FromJson(Small);
        Assert.Equal(
            """{"format":"surveyplatform.scoring/1","version":3,"name":null,"items":[{"key":"seg","source":"answer","scores":{"a":1,"b":2},"min":null,"max":null,"reverse":false},{"key":"done","source":"answer","scores":null,"min":0,"max":20,"reverse":true}],"dimensions":[{"name":"All","weight":1,"minimumAnsweredShare":0.5,"items":[{"item":"seg","weight":1},{"item":"done","weight":2}]}],"overall":{"method":"linear","geometricOffset":1,"minimumDimensionShare":0},"bands":[{"name":"Foundational","from":0,"to":25},{"name":"Approaching","from":25,"to":50},{"name":"Aspirational","from":50,"to":75},{"name":"Mature","from":75,"to":100}],"jtbd":null,"suppressionK":5,"weighting":[]}""",
            model.ToCanonicalJson());

        // printf '%s' '<the canonical JSON above>' | sha256sum
        Assert.Equal("70af5ccb4f19774d23c0f2b1c468f5c4c883e29ea1200ae5f901f9750599c780", model.ComputeHash());
    }

    [Fact]
    public void TheHash_ChangesWithAnyScoringChange()
    {
        var model = ScoringModel.FromJson(Small);
        var hash = model.ComputeHash();
        Assert.NotEqual(hash, (model with { Dimensions = [model.Dimensions[0] with { Items = [model.Dimensions[0].Items[0], model.Dimensions[0].Items[1] with { Weight = 3 }] }] }).ComputeHash());
        Assert.NotEqual(hash, (model with { Items = [model.Items[0] with { Scores = new Dictionary<string, double> { ["a"] = 1, ["b"] = 3 } }, model.Items[1]] }).ComputeHash());
        Assert.NotEqual(hash, (model with { Version = 4 }).ComputeHash());
        Assert.NotEqual(hash, (model with { Bands = [.. model.Bands.Select(b => b.Name == "Mature" ? b with { From = 80 } : b.Name == "Aspirational" ? b with { To = 80 } : b)] }).ComputeHash());
        Assert.Equal(hash, ScoringModel.FromJson(Small).ComputeHash()); // and only then
    }

    [Theory]
    [InlineData("""{"format":"surveyplatform.scoring/1","itemz":[]}""")]      // a misspelt property is not dropped silently
    [InlineData("""{"overall":{"method":"harmonic"}}""")]                       // an unknown method
    [InlineData("""{"overall":{"method":1}}""")]                                // methods are names, not numbers
    [InlineData("""{"items":[{"reverse":true}]}""")]                            // an item without its key
    [InlineData("not json")]
    [InlineData("null")]
    public void FromJson_RefusesWhatIsNotAModel(string json) =>
        Assert.Throws<FormatException>(() => ScoringModel.FromJson(json));

    [Fact]
    public void FromJson_ReadsNullListsAsEmpty()
    {
        var model = ScoringModel.FromJson("""{"items":null,"dimensions":[{"name":"D","items":null}],"bands":null,"jtbd":{"segments":null,"stageWeights":null}}""");
        Assert.Empty(model.Items);
        Assert.Empty(model.Dimensions[0].Items);
        Assert.Empty(model.Bands);
        Assert.Empty(model.Jtbd!.Segments);
        Assert.Empty(model.Jtbd.StageWeights);
    }
}
