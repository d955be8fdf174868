using System.Text.Json;
using System.Text.Json.Nodes;
using NJsonSchema.Validation;
using SurveyPlatform.Domain.Scoring.Model;
using SurveyPlatform.Domain.Templates;

namespace SurveyPlatform.Domain.Tests.Scoring.Model;

/// <summary>
/// docs/scoring.schema.json against what <see cref="ScoringModel.ToJson"/> really writes: the flagship
/// model and the default models validate, and misspelt or mistyped documents do not.
/// </summary>
public sealed class ScoringSchemaTests
{
    private const string Schema = "scoring.schema.json";

    /// <summary>The templates whose questions give a default model.</summary>
    public static TheoryData<string> TemplatesWithADefaultModel() =>
        [.. SurveyTemplate.All.Where(t => DefaultScoringModel.For(t.Definition) is not null).Select(t => t.Key)];

    [Fact]
    public async Task TheFlagshipModel_IsValidAsync()
    {
        await AssertValidAsync(FlagshipScoringModel.Create().ToJson());
    }

    [Theory]
    [MemberData(nameof(TemplatesWithADefaultModel))]
    public async Task ADefaultModel_IsValidAsync(string key)
    {
        var model = DefaultScoringModel.For(SurveyTemplate.Find(key)!.Definition)!;

        await AssertValidAsync(model.ToJson());
    }

    [Fact]
    public async Task EverySetting_IsValidAsync()
    {
        var model = FlagshipScoringModel.Create() with
        {
            Version = 7,
            Items = [.. FlagshipScoringModel.Create().Items, new ScoringItem { Key = "pocs_completed", Min = 0, Max = 20, Reverse = true }],
            Overall = new OverallAggregation { Method = AggregationMethod.Geometric, GeometricOffset = 0, MinimumDimensionShare = 0.5 },
            SuppressionK = 10,
            Weighting = [new WeightingTarget { Question = "segment", Margins = new Dictionary<string, double> { ["payer"] = 0.25, ["pharma"] = 0.25, ["provider"] = 0.5 } }],
        };
        model = model with { Jtbd = model.Jtbd! with { Cutoffs = new CutoffRule { Method = CutoffMethod.Fixed, Opportunity = 50, Adoption = 40.5 } } };

        await AssertValidAsync(model.ToJson());
    }

    [Theory]
    [InlineData("document", "formt")]
    [InlineData("item", "weight")]
    [InlineData("dimension", "wieght")]
    [InlineData("dimensionItem", "key")]
    [InlineData("overall", "offset")]
    [InlineData("band", "until")]
    [InlineData("jtbd", "segment")]
    [InlineData("segment", "stage")]
    [InlineData("cutoffs", "median")]
    public async Task AMisspeltProperty_IsAnError_AsTheReaderSaysAsync(string where, string property)
    {
        var json = Sample(document => Target(document, where)[property] = 1);

        var errors = await ErrorsAsync(json);

        Assert.Contains(errors, e => e.Kind == ValidationErrorKind.NoAdditionalPropertiesAllowed && e.Property == property);
        Assert.Throws<FormatException>(() => ScoringModel.FromJson(json));
    }

    [Theory]
    [InlineData("overall", "method", "sum")]
    [InlineData("item", "source", "computed")]
    [InlineData("cutoffs", "method", "mean")]
    public async Task AnUnknownEnumValue_IsAnError_AsTheReaderSaysAsync(string where, string property, string value)
    {
        var json = Sample(document => Target(document, where)[property] = value);

        var errors = await ErrorsAsync(json);

        Assert.Contains(errors, e => e.Kind == ValidationErrorKind.NotInEnumeration);
        Assert.Throws<FormatException>(() => ScoringModel.FromJson(json));
    }

    [Theory]
    [InlineData("item", "key")]
    [InlineData("dimension", "name")]
    [InlineData("dimensionItem", "item")]
    [InlineData("band", "name")]
    [InlineData("segment", "segment")]
    [InlineData("segment", "stageMatrix")]
    [InlineData("segment", "painMatrix")]
    [InlineData("segment", "manualMatrix")]
    public async Task AMissingRequiredProperty_IsAnError_AsTheReaderSaysAsync(string where, string property)
    {
        var json = Sample(document => Assert.True(Target(document, where).AsObject().Remove(property), $"the sample has no {where}.{property}"));

        var errors = await ErrorsAsync(json);

        Assert.Contains(errors, e => e.Kind == ValidationErrorKind.PropertyRequired && e.Property == property);
        Assert.Throws<FormatException>(() => ScoringModel.FromJson(json));
    }

    [Fact]
    public async Task WrongValueTypesAndRanges_AreErrorsAsync()
    {
        var errors = await ErrorsAsync(Sample(document =>
        {
            document["version"] = 1.5;
            document["suppressionK"] = 2;
            Target(document, "dimension")["weight"] = 0;
            Target(document, "item")["reverse"] = "yes";
            Target(document, "band")["to"] = 120;
        }));

        Assert.Contains(errors, e => e.Kind == ValidationErrorKind.IntegerExpected && e.Property == "version");
        Assert.Contains(errors, e => e.Kind == ValidationErrorKind.NumberTooSmall && e.Property == "suppressionK");
        Assert.Contains(errors, e => e.Kind == ValidationErrorKind.NumberTooSmall && e.Property == "weight");
        Assert.Contains(errors, e => e.Kind == ValidationErrorKind.BooleanExpected && e.Property == "reverse");
        Assert.Contains(errors, e => e.Kind == ValidationErrorKind.NumberTooBig && e.Property == "to");
    }

    [Fact]
    public async Task OtherFormat_IsAnErrorAsync()
    {
        var errors = await ErrorsAsync(Sample(document => document["format"] = "surveyplatform.scoring/2"));
        Assert.Contains(errors, e => e.Kind == ValidationErrorKind.NotInEnumeration && e.Property == "format");
    }

    /// <summary>The schema names exactly the properties the serializer writes, in its order, and requires what System.Text.Json requires.</summary>
    [Theory]
    [InlineData(typeof(ScoringModel), null)]
    [InlineData(typeof(ScoringItem), "item")]
    [InlineData(typeof(ScoringDimension), "dimension")]
    [InlineData(typeof(DimensionItem), "dimensionItem")]
    [InlineData(typeof(OverallAggregation), "overall")]
    [InlineData(typeof(MaturityBand), "band")]
    [InlineData(typeof(JtbdModel), "jtbd")]
    [InlineData(typeof(JtbdSegment), "jtbdSegment")]
    [InlineData(typeof(CutoffRule), "cutoffRule")]
    [InlineData(typeof(WeightingTarget), "weightingTarget")]
    public void SchemaProperties_MatchTheSerializer(Type type, string? definition)
    {
        var (node, written) = SchemaFiles.AssertPropertiesMatchTheSerializer(Schema, type, definition);
        var required = node.TryGetProperty("required", out var list) ? list.EnumerateArray().Select(r => r.GetString()).ToList() : [];
        Assert.Equal(written.Where(p => p.IsRequired).Select(p => p.Name), required);
    }

    [Theory]
    [InlineData(typeof(ItemSource), "itemSource")]
    [InlineData(typeof(AggregationMethod), "aggregationMethod")]
    [InlineData(typeof(CutoffMethod), "cutoffMethod")]
    public void SchemaEnums_MatchTheEnums(Type type, string definition)
    {
        var node = SchemaFiles.Node(Schema, definition);
        var names = Enum.GetNames(type).Select(JsonNamingPolicy.CamelCase.ConvertName).ToList();
        Assert.Equal(names, node.GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(names[0], node.GetProperty("default").GetString());
    }

    /// <summary>The flagship model's document changed by <paramref name="change"/>.</summary>
    private static string Sample(Action<JsonNode> change)
    {
        var document = JsonNode.Parse(FlagshipScoringModel.Create().ToJson())!;
        change(document);
        return document.ToJsonString();
    }

    private static JsonNode Target(JsonNode document, string where) => where switch
    {
        "document" => document,
        "item" => document["items"]![0]!,
        "dimension" => document["dimensions"]![0]!,
        "dimensionItem" => document["dimensions"]![0]!["items"]![0]!,
        "overall" => document["overall"]!,
        "band" => document["bands"]![0]!,
        "jtbd" => document["jtbd"]!,
        "segment" => document["jtbd"]!["segments"]![0]!,
        "cutoffs" => document["jtbd"]!["cutoffs"]!,
        _ => throw new ArgumentOutOfRangeException(nameof(where), where, null),
    };

    private static Task AssertValidAsync(string json) => SchemaFiles.AssertValidAsync(Schema, json);

    private static Task<List<ValidationError>> ErrorsAsync(string json) => SchemaFiles.ErrorsAsync(Schema, json);
}
