using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Web.Respond;

namespace SurveyPlatform.Web.Tests.Respond;

/// <summary>Each question renderer, rendered with the framework's HtmlRenderer and checked with AngleSharp.</summary>
public sealed class QuestionFieldRenderTests
{
    private static readonly OptionDefinition[] Abc = [new("a", "Alpha"), new("b", "Beta"), new("c", "Gamma")];

    private static async Task<IDocument> RenderAsync(QuestionDefinition question, Dictionary<string, object?>? extra = null)
    {
        await using var services = new ServiceCollection().AddLogging().BuildServiceProvider();
        await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
        var parameters = new Dictionary<string, object?> { [nameof(QuestionField.Question)] = question };
        foreach (var (key, value) in extra ?? [])
        {
            parameters[key] = value;
        }

        var html = await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<QuestionField>(ParameterView.FromDictionary(parameters))).ToHtmlString());
        return await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content($"<form>{html}</form>"));
    }

    /// <summary>WCAG: every form control has a label (a label element for it, or a legend around its group).</summary>
    private static void EveryControlIsLabelled(IDocument document)
    {
        foreach (var control in document.QuerySelectorAll("input, select, textarea"))
        {
            var id = control.Id;
            Assert.False(string.IsNullOrEmpty(id), $"A control has no id: {control.OuterHtml}");
            Assert.True(document.QuerySelector($"label[for='{id}']") is not null, $"No label for #{id}");
        }
    }

    [Fact]
    public async Task SingleChoice_IsAFieldsetOfLabelledRadios_KeepingTheChosenValue()
    {
        var document = await RenderAsync(new QuestionDefinition { Code = "q", Text = "Pick **one**", Type = QuestionType.SingleChoice, Options = Abc, Required = true },
            new() { ["Values"] = (IReadOnlyList<string>)["b"] });
        Assert.Equal("Pick one * (required)", document.QuerySelector("fieldset > legend")!.TextContent.Trim());
        Assert.NotNull(document.QuerySelector("legend strong"));
        var radios = document.QuerySelectorAll("input[type=radio][name='a.q']").Cast<IHtmlInputElement>().ToList();
        Assert.Equal(["a", "b", "c"], radios.Select(r => r.Value));
        Assert.Equal([false, true, false], radios.Select(r => r.IsChecked));
        EveryControlIsLabelled(document);
    }

    [Fact]
    public async Task Dropdown_IsALabelledSelect()
    {
        var document = await RenderAsync(new QuestionDefinition { Code = "q", Text = "Country", Type = QuestionType.SingleChoice, Options = Abc, Display = ChoiceDisplay.Dropdown });
        var select = (IHtmlSelectElement)document.QuerySelector("select[name='a.q']")!;
        Assert.Equal(["", "a", "b", "c"], select.Options.Select(o => o.Value));
        EveryControlIsLabelled(document);
    }

    [Fact]
    public async Task MultipleChoice_WithOther_HasCheckboxesAndASpecifyField()
    {
        var question = new QuestionDefinition { Code = "m", Text = "Tools", Type = QuestionType.MultipleChoice, Options = [.. Abc, new("other", "Other")], OtherOption = "other" };
        var document = await RenderAsync(question, new()
        {
            ["Values"] = (IReadOnlyList<string>)["a", "other"],
            ["OtherValues"] = new Dictionary<string, IReadOnlyList<string>> { ["m_other"] = ["Llamas"] },
        });
        Assert.Equal(4, document.QuerySelectorAll("input[type=checkbox][name='a.m']").Length);
        Assert.Equal(2, document.QuerySelectorAll("input[type=checkbox]:checked").Length);
        Assert.Equal("Llamas", ((IHtmlInputElement)document.QuerySelector("input[name='a.m_other']")!).Value);
        EveryControlIsLabelled(document);
    }

    [Theory]
    [InlineData(QuestionType.Rating, 7, false, 7)]
    [InlineData(QuestionType.Rating, 5, true, 6)]
    [InlineData(QuestionType.Nps, null, false, 11)]
    public async Task Scales_OfferEveryPoint(QuestionType type, int? scale, bool notApplicable, int expected)
    {
        var document = await RenderAsync(new QuestionDefinition { Code = "r", Text = "Rate", Type = type, Scale = scale, AllowNotApplicable = notApplicable, LowLabel = "Poor", HighLabel = "Great" });
        Assert.Equal(expected, document.QuerySelectorAll("input[type=radio][name='a.r']").Length);
        Assert.Contains("Poor", document.QuerySelector(".scale-labels")!.TextContent, StringComparison.Ordinal);
        EveryControlIsLabelled(document);
    }

    [Fact]
    public async Task Matrix_IsAFieldsetPerRow_WithItsOwnAnswerKeyAndError()
    {
        var question = new QuestionDefinition
        {
            Code = "stage", Text = "Stage", Type = QuestionType.MatrixSingle, AllowNotApplicable = true,
            Options = [new("idea", "Idea"), new("prod", "Production")], Rows = [new("ambient", "Ambient"), new("coding", "Coding")],
        };
        var document = await RenderAsync(question, new()
        {
            ["OtherValues"] = new Dictionary<string, IReadOnlyList<string>> { ["stage_coding"] = ["prod"] },
            ["RowErrors"] = new Dictionary<string, string> { ["stage_ambient"] = "Ambient: Choose one of the listed answers." },
        });
        var rows = document.QuerySelectorAll("fieldset.matrix-row");
        Assert.Equal(["Ambient", "Coding"], rows.Select(r => r.QuerySelector("legend")!.TextContent.Trim()));
        Assert.Equal(3, rows[0].QuerySelectorAll("input[type=radio][name='a.stage_ambient']").Length);
        Assert.True(((IHtmlInputElement)rows[1].QuerySelector("input[value=prod]")!).IsChecked);
        Assert.NotNull(document.GetElementById("a-stage_ambient"));
        Assert.Contains("Choose one of the listed answers.", rows[0].QuerySelector(".error-message")!.TextContent, StringComparison.Ordinal);
        EveryControlIsLabelled(document);
    }

    [Fact]
    public async Task MatrixRating_UsesTheScaleAsColumns()
    {
        var document = await RenderAsync(new QuestionDefinition { Code = "pain", Text = "Pain", Type = QuestionType.MatrixRating, Scale = 5, Rows = [new("r1", "One")] });
        Assert.Equal(["1", "2", "3", "4", "5"], document.QuerySelectorAll("input[name='a.pain_r1']").Cast<IHtmlInputElement>().Select(i => i.Value));
    }

    [Fact]
    public async Task Ranking_IsOneSelectPerPlace_PostedInOrder()
    {
        var document = await RenderAsync(new QuestionDefinition { Code = "rank", Text = "Order", Type = QuestionType.Ranking, Options = Abc },
            new() { ["Values"] = (IReadOnlyList<string>)["c", "a", "b"] });
        var selects = document.QuerySelectorAll("select[name='a.rank']").Cast<IHtmlSelectElement>().ToList();
        Assert.Equal(3, selects.Count);
        Assert.Equal(["c", "a", "b"], selects.Select(s => s.Value));
        EveryControlIsLabelled(document);
    }

    [Theory]
    [InlineData(QuestionType.ShortText, TextValidation.None, "input[type=text]")]
    [InlineData(QuestionType.ShortText, TextValidation.Email, "input[type=email]")]
    [InlineData(QuestionType.Number, TextValidation.None, "input[type=text][inputmode=decimal]")]
    [InlineData(QuestionType.Date, TextValidation.None, "input[type=date]")]
    [InlineData(QuestionType.LongText, TextValidation.None, "textarea")]
    public async Task TextLikeTypes_RenderTheRightControl(QuestionType type, TextValidation validation, string selector)
    {
        var document = await RenderAsync(new QuestionDefinition { Code = "t", Text = "Tell us", Type = type, Validation = validation, Unit = "kg" });
        Assert.NotNull(document.QuerySelector($"{selector}[name='a.t']"));
        EveryControlIsLabelled(document);
    }

    [Fact]
    public async Task YesNo_AndDescriptive_Render()
    {
        var yesNo = await RenderAsync(new QuestionDefinition { Code = "y", Text = "OK?", Type = QuestionType.YesNo });
        Assert.Equal(["yes", "no"], yesNo.QuerySelectorAll("input[type=radio]").Cast<IHtmlInputElement>().Select(i => i.Value));
        var descriptive = await RenderAsync(new QuestionDefinition { Code = "d", Text = "# Welcome\n\nRead *this*.", Type = QuestionType.Descriptive });
        Assert.Empty(descriptive.QuerySelectorAll("input, select, textarea"));
        Assert.NotNull(descriptive.QuerySelector(".descriptive em"));
    }

    [Fact]
    public async Task SurveyText_CannotCarryHtmlOrScript()
    {
        var document = await RenderAsync(new QuestionDefinition { Code = "x", Text = "<script>alert(1)</script><b onclick=\"x()\">hi</b>", Type = QuestionType.ShortText, Help = "<img src=x onerror=alert(1)>" });
        Assert.Empty(document.QuerySelectorAll("script, b, img"));
        Assert.Contains("<script>alert(1)</script>", document.QuerySelector("label")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorMessage_IsBesideTheField_AndDescribesIt()
    {
        var document = await RenderAsync(new QuestionDefinition { Code = "n", Text = "Age", Type = QuestionType.Number, Min = 18, Max = 120 }, new() { ["Error"] = "Enter a number from 18 to 120." });
        var input = document.QuerySelector("input[name='a.n']")!;
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        Assert.Contains("a-n-error", input.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        Assert.Contains("Enter a number from 18 to 120.", document.GetElementById("a-n-error")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shuffle_IsStablePerSeed_AndKeepsOtherLast()
    {
        var options = Enumerable.Range(1, 8).Select(i => new OptionDefinition($"o{i}", $"Option {i}")).Append(new OptionDefinition("other", "Other")).ToArray();
        var question = new QuestionDefinition { Code = "s", Text = "?", Type = QuestionType.SingleChoice, Options = options, OtherOption = "other", Shuffle = true };
        async Task<List<string>> OrderAsync(int seed) => [.. (await RenderAsync(question, new() { ["ShuffleSeed"] = seed })).QuerySelectorAll("input[name='a.s']").Cast<IHtmlInputElement>().Select(i => i.Value)];
        var first = await OrderAsync(42);
        Assert.Equal(first, await OrderAsync(42));
        Assert.Equal("other", first[^1]);
        Assert.NotEqual(options.Select(o => o.Code), first);
    }
}
