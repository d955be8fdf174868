using System.Text;
using System.Text.Json.Nodes;
using NJsonSchema.Validation;
using SurveyPlatform.Domain.Importing;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Templates;

namespace SurveyPlatform.Domain.Tests.Importing;

/// <summary>
/// docs/survey.schema.json against what <see cref="SurveyDocument"/> really writes: the templates and
/// every shared sample after import validate, and broken documents do not.
/// </summary>
public sealed class SurveySchemaTests
{
    private const string Schema = "survey.schema.json";
    private static readonly string SamplesPath = Path.Combine(AppContext.BaseDirectory, "Samples");

    public static TheoryData<string> TemplateKeys() => [.. SurveyTemplate.All.Select(t => t.Key)];

    public static TheoryData<string> RedcapSamples() =>
        [.. Directory.GetFiles(Path.Combine(SamplesPath, "redcap"), "*.csv").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> LimeSurveySamples() =>
        [.. Directory.GetFiles(Path.Combine(SamplesPath, "limesurvey"), "*.lss").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(TemplateKeys))]
    public async Task TemplateDocument_IsValidAsync(string key)
    {
        var template = SurveyTemplate.Find(key)!;
        var json = SurveyDocument.Of(template.Title, template.Description, template.Definition).ToJson();

        await AssertValidAsync(json);

        // The draft is stored and read back before it is downloaded; a re-import exports the same file.
        var stored = SurveyDefinition.FromJson(template.Definition.ToJson());
        var reimported = SurveyDocument.FromJson(Encoding.UTF8.GetBytes(json));
        Assert.Equal(json, SurveyDocument.Of(template.Title, template.Description, stored).ToJson());
        Assert.Equal(json, reimported.ToJson());
    }

    [Theory]
    [MemberData(nameof(RedcapSamples))]
    public async Task RedcapSample_AfterImport_ExportsAValidDocumentAsync(string file)
    {
        var result = RedcapDictionaryImporter.Import(File.ReadAllBytes(Path.Combine(SamplesPath, "redcap", file)));
        Assert.NotEmpty(result.Definition.Questions);

        // As the Create page does: the file name is the title.
        await AssertValidAsync(SurveyDocument.Of(Path.GetFileNameWithoutExtension(file), "Imported from a REDCap data dictionary.", result.Definition).ToJson());
    }

    [Theory]
    [MemberData(nameof(LimeSurveySamples))]
    public async Task LimeSurveySample_AfterImport_ExportsAValidDocumentAsync(string file)
    {
        var result = LimeSurveyImporter.Import(File.ReadAllBytes(Path.Combine(SamplesPath, "limesurvey", file)), out var title);
        Assert.NotEmpty(result.Definition.Questions);

        await AssertValidAsync(SurveyDocument.Of(string.IsNullOrWhiteSpace(title) ? "Imported survey" : title, "Imported from a LimeSurvey survey structure.", result.Definition).ToJson());
    }

    [Fact]
    public async Task EverySetting_OfEveryType_IsValidAsync()
    {
        OptionDefinition[] options = [new("a", "A", 1.5m), new("b", "B", -2m), new("none", "None of these"), new("other", "Other")];
        OptionDefinition[] rows = [new("r1", "Row 1"), new("r2", "Row 2")];
        QuestionDefinition[] questions =
        [
            new() { Code = "single", Text = "Single", Help = "Help", Required = true, Options = options, Display = ChoiceDisplay.Dropdown, OtherOption = "other", Shuffle = true },
            new() { Code = "radio", Text = "Radio", Options = options, Display = ChoiceDisplay.Radio },
            new() { Code = "multi", Text = "Multi", Type = QuestionType.MultipleChoice, Options = options, MinSelections = 1, MaxSelections = 3, ExclusiveOption = "none", OtherOption = "other", Condition = "single = a" },
            new() { Code = "rating", Text = "Rating", Type = QuestionType.Rating, Scale = 7, LowLabel = "Low", HighLabel = "High", AllowNotApplicable = true },
            new() { Code = "nps", Text = "NPS", Type = QuestionType.Nps },
            new() { Code = "grid", Text = "Grid", Type = QuestionType.MatrixSingle, Options = options, Rows = rows, AllowNotApplicable = true },
            new() { Code = "grid_rating", Text = "Grid rating", Type = QuestionType.MatrixRating, Rows = rows, Scale = 10, LowLabel = "Low", HighLabel = "High" },
            new() { Code = "rank", Text = "Rank", Type = QuestionType.Ranking, Options = options },
            new() { Code = "number", Text = "Number", Type = QuestionType.Number, Min = -1.25m, Max = 1000m, WholeNumbers = true, Unit = "kg" },
            new() { Code = "email", Text = "E-mail", Type = QuestionType.ShortText, Validation = TextValidation.Email },
            new() { Code = "zip", Text = "Zip", Type = QuestionType.ShortText, Validation = TextValidation.Regex, Pattern = "^[0-9]{5}$" },
            new() { Code = "plain", Text = "Plain", Type = QuestionType.ShortText, Validation = TextValidation.None },
            new() { Code = "long", Text = "Long", Type = QuestionType.LongText },
            new() { Code = "day", Text = "Day", Type = QuestionType.Date },
            new() { Code = "yes", Text = "Yes?", Type = QuestionType.YesNo },
            new() { Code = "note", Text = "Just text", Type = QuestionType.Descriptive },
        ];
        var definition = new SurveyDefinition
        {
            Pages =
            [
                new PageDefinition { Title = "First", Intro = "Intro", Condition = "yes = yes", Questions = questions },
                new PageDefinition(),
            ],
        };

        await AssertValidAsync(SurveyDocument.Of("Everything", string.Empty, definition).ToJson());
    }

    [Theory]
    [InlineData("1starts_with_a_digit")]
    [InlineData("has-a-dash")]
    [InlineData("")]
    [InlineData("a_code_that_is_longer_than_32_chars")]
    public async Task BadQuestionCode_IsAnErrorAsync(string code)
    {
        var errors = await ErrorsAsync(Sample(document => Question(document)["code"] = code));
        Assert.Contains(errors, e => e.Kind == ValidationErrorKind.PatternMismatch && e.Property == "code");
    }

    [Fact]
    public async Task BadOptionCode_IsAnErrorAsync()
    {
        var errors = await ErrorsAsync(Sample(document => Question(document)["options"]![0]!["code"] = "not ok"));
        Assert.Contains(errors, e => e.Kind == ValidationErrorKind.PatternMismatch && e.Property == "code");
    }

    [Fact]
    public async Task UnknownQuestionType_IsAnError_AsTheImporterSaysAsync()
    {
        var json = Sample(document => Question(document)["type"] = "Slider");

        var errors = await ErrorsAsync(json);

        Assert.Contains(errors, e => e.Kind == ValidationErrorKind.NotInEnumeration && e.Property == "type");
        Assert.Throws<ImportFormatException>(() => SurveyDocument.FromJson(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData("document")]
    [InlineData("definition")]
    [InlineData("page")]
    [InlineData("question")]
    [InlineData("option")]
    public async Task UnknownProperty_IsAnErrorAsync(string where)
    {
        var json = Sample(document =>
        {
            var target = where switch
            {
                "document" => document,
                "definition" => document["definition"]!,
                "page" => document["definition"]!["pages"]![0]!,
                "question" => Question(document),
                _ => Question(document)["options"]![0]!,
            };
            target["colour"] = "red";
        });

        var errors = await ErrorsAsync(json);

        Assert.Contains(errors, e => e.Kind == ValidationErrorKind.NoAdditionalPropertiesAllowed && e.Property == "colour");
    }

    [Fact]
    public async Task TheDefinitionsQuestionsList_IsNotPartOfTheFileAsync()
    {
        // SurveyDefinition.Questions is [JsonIgnore]: the questions live on the pages only.
        var errors = await ErrorsAsync(Sample(document => document["definition"]!["questions"] = new JsonArray()));
        Assert.Contains(errors, e => e.Kind == ValidationErrorKind.NoAdditionalPropertiesAllowed && e.Property == "questions");
    }

    [Theory]
    [InlineData("document", "format")]
    [InlineData("document", "title")]
    [InlineData("document", "description")]
    [InlineData("document", "definition")]
    [InlineData("definition", "pages")]
    [InlineData("page", "title")]
    [InlineData("page", "questions")]
    [InlineData("question", "code")]
    [InlineData("question", "text")]
    [InlineData("question", "options")]
    [InlineData("question", "rows")]
    [InlineData("option", "code")]
    [InlineData("option", "label")]
    public async Task MissingRequiredProperty_IsAnErrorAsync(string where, string property)
    {
        var json = Sample(document =>
        {
            var target = where switch
            {
                "document" => document,
                "definition" => document["definition"]!,
                "page" => document["definition"]!["pages"]![0]!,
                "question" => Question(document),
                _ => Question(document)["options"]![0]!,
            };
            Assert.True(target.AsObject().Remove(property), $"the sample has no {where}.{property}");
        });

        var errors = await ErrorsAsync(json);

        Assert.Contains(errors, e => e.Kind == ValidationErrorKind.PropertyRequired && e.Property == property);
    }

    [Fact]
    public async Task MissingQuestionText_IsRefusedByTheImporterTooAsync()
    {
        var json = Sample(document => Question(document).AsObject().Remove("text"));
        Assert.NotEmpty(await ErrorsAsync(json));
        Assert.Throws<ImportFormatException>(() => SurveyDocument.FromJson(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData("surveyplatform.survey/2")]
    [InlineData("")]
    public async Task OtherFormat_IsAnErrorAsync(string format)
    {
        var errors = await ErrorsAsync(Sample(document => document["format"] = format));
        Assert.Contains(errors, e => e.Kind == ValidationErrorKind.NotInEnumeration && e.Property == "format");
    }

    [Fact]
    public async Task BlankTitle_IsAnErrorAsync()
    {
        var errors = await ErrorsAsync(Sample(document => document["title"] = "   "));
        Assert.Contains(errors, e => e.Kind == ValidationErrorKind.PatternMismatch && e.Property == "title");
    }

    [Fact]
    public async Task Null_IsNeverWrittenAndNotPartOfTheFormatAsync()
    {
        var errors = await ErrorsAsync(Sample(document => Question(document)["help"] = null));
        Assert.Contains(errors, e => e.Property == "help");
    }

    [Fact]
    public async Task WrongValueTypes_AreErrorsAsync()
    {
        var errors = await ErrorsAsync(Sample(document =>
        {
            Question(document)["required"] = "yes";
            Question(document)["scale"] = 2.5;
            Question(document)["options"]![0]!["points"] = "1";
        }));
        Assert.Contains(errors, e => e.Kind == ValidationErrorKind.BooleanExpected && e.Property == "required");
        Assert.Contains(errors, e => e.Kind == ValidationErrorKind.IntegerExpected && e.Property == "scale");
        Assert.Contains(errors, e => e.Kind == ValidationErrorKind.NumberExpected && e.Property == "points");
    }

    /// <summary>The schema names exactly the properties the serializer writes, and marks what System.Text.Json requires.</summary>
    [Theory]
    [InlineData(typeof(SurveyDocument), null)]
    [InlineData(typeof(SurveyDefinition), "definition")]
    [InlineData(typeof(PageDefinition), "page")]
    [InlineData(typeof(QuestionDefinition), "question")]
    [InlineData(typeof(OptionDefinition), "option")]
    public void SchemaProperties_MatchTheSerializer(Type type, string? definition)
    {
        var (node, written) = SchemaFiles.AssertPropertiesMatchTheSerializer(Schema, type, definition);
        var required = node.GetProperty("required").EnumerateArray().Select(r => r.GetString()).ToList();
        Assert.All(written.Where(p => p.IsRequired), p => Assert.Contains(p.Name, required));
    }

    [Theory]
    [InlineData(typeof(QuestionType), "questionType")]
    [InlineData(typeof(ChoiceDisplay), "choiceDisplay")]
    [InlineData(typeof(TextValidation), "textValidation")]
    public void SchemaEnums_MatchTheEnums(Type type, string definition)
    {
        var node = SchemaFiles.Node(Schema, definition);
        Assert.Equal(Enum.GetNames(type), node.GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        // The first member is the default, which the writer leaves out.
        Assert.Equal(Enum.GetNames(type)[0], node.GetProperty("default").GetString());
    }

    /// <summary>A small valid document (the practitioner template) changed by <paramref name="change"/>.</summary>
    private static string Sample(Action<JsonNode> change)
    {
        var template = GenAiPractitioner.Template;
        var document = JsonNode.Parse(SurveyDocument.Of(template.Title, template.Description, template.Definition).ToJson())!;
        change(document);
        return document.ToJsonString();
    }

    /// <summary>The first question of the first page: company_size, a single choice with options.</summary>
    private static JsonNode Question(JsonNode document) => document["definition"]!["pages"]![0]!["questions"]![0]!;

    private static Task AssertValidAsync(string json) => SchemaFiles.AssertValidAsync(Schema, json);

    private static Task<List<ValidationError>> ErrorsAsync(string json) => SchemaFiles.ErrorsAsync(Schema, json);
}
