using System.Globalization;
using AngleSharp.Html.Dom;
using Bunit;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Web.Respond;

namespace SurveyPlatform.Web.Tests.Respond;

/// <summary>
/// The question renderer, rendered with bUnit. Whole markup is compared semantically (AngleSharp.Diffing:
/// attribute order, insignificant whitespace and boolean attribute forms do not matter) for every
/// question type and for the states a respondent meets: required, help, kept values, errors.
/// </summary>
public sealed class QuestionFieldTests : BunitContext
{
    private static readonly OptionDefinition[] Abc = [new("a", "Alpha"), new("b", "Beta"), new("c", "Gamma")];

    private IRenderedComponent<QuestionField> Render(
        QuestionDefinition question, IReadOnlyList<string>? values = null, string? error = null,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? otherValues = null, IReadOnlyDictionary<string, string>? rowErrors = null) =>
        Render<QuestionField>(p =>
        {
            p.Add(f => f.Question, question);
            if (values is not null)
            {
                p.Add(f => f.Values, values);
            }

            if (error is not null)
            {
                p.Add(f => f.Error, error);
            }

            if (otherValues is not null)
            {
                p.Add(f => f.OtherValues, otherValues);
            }

            if (rowErrors is not null)
            {
                p.Add(f => f.RowErrors, rowErrors);
            }
        });

    /// <summary>WCAG: every form control has a label (a label element for it, or a legend around its group).</summary>
    private static void EveryControlIsLabelled(IRenderedComponent<QuestionField> field)
    {
        foreach (var control in field.FindAll("input, select, textarea"))
        {
            var id = control.Id;
            Assert.False(string.IsNullOrEmpty(id), $"A control has no id: {control.OuterHtml}");
            Assert.True(field.FindAll($"label[for='{id}']").Count > 0, $"No label for #{id}");
        }
    }

    public static TheoryData<QuestionType> EveryType() => [.. Enum.GetValues<QuestionType>()];

    [Theory]
    [MemberData(nameof(EveryType))]
    public void EveryType_RendersInItsWrapper_WithEveryControlLabelledAndNamedByItsAnswerKey(QuestionType type)
    {
        var question = new QuestionDefinition { Code = "all", Text = "Any question", Type = type, Options = Abc, Rows = [new("r1", "Row one")] };
        var field = Render(question);
        var wrapper = field.Find("div.question");
        Assert.Equal("q-all", wrapper.Id);
        Assert.Contains($"q-{type.ToString().ToLowerInvariant()}", wrapper.ClassList);
        Assert.Equal(type == QuestionType.Descriptive, field.FindAll("input, select, textarea").Count == 0);
        Assert.All(field.FindAll("[name]"), c => Assert.StartsWith(question.IsMatrix ? "a.all_r1" : "a.all", c.GetAttribute("name"), StringComparison.Ordinal));
        EveryControlIsLabelled(field);
    }

    [Fact]
    public void SingleChoice_IsAFieldsetOfLabelledRadios_KeepingTheChosenValue()
    {
        var field = Render(new QuestionDefinition { Code = "q", Text = "Pick **one**", Type = QuestionType.SingleChoice, Options = Abc, Required = true }, values: ["b"]);
        Assert.Equal("Pick one * (required)", field.Find("fieldset > legend").TextContent.Trim());
        Assert.NotNull(field.Find("legend strong"));
        var radios = field.FindAll("input[type=radio][name='a.q']").Cast<IHtmlInputElement>().ToList();
        Assert.Equal(["a", "b", "c"], radios.Select(r => r.Value));
        Assert.Equal([false, true, false], radios.Select(r => r.IsChecked));
        EveryControlIsLabelled(field);
        field.MarkupMatches("""
            <div class="question q-singlechoice" id="q-q">
              <fieldset>
                <legend>Pick <strong>one</strong><span class="required" aria-hidden="true"> *</span><span class="visually-hidden"> (required)</span></legend>
                <div class="choices">
                  <div class="choice"><input type="radio" id="a-q" name="a.q" value="a"><label for="a-q">Alpha</label></div>
                  <div class="choice"><input type="radio" id="a-q-1" name="a.q" value="b" checked><label for="a-q-1">Beta</label></div>
                  <div class="choice"><input type="radio" id="a-q-2" name="a.q" value="c"><label for="a-q-2">Gamma</label></div>
                </div>
              </fieldset>
            </div>
            """);
    }

    [Fact]
    public void AChoiceQuestionWithHelpAndAnError_DescribesItsFieldsetWithBoth_AndShowsTheErrorBesideTheChoices()
    {
        var question = new QuestionDefinition { Code = "q", Text = "Pick one", Type = QuestionType.SingleChoice, Options = Abc[..2], Required = true, Help = "The *first* that comes to mind." };
        var field = Render(question, error: "Choose one of the listed answers.");
        field.MarkupMatches("""
            <div class="question has-error q-singlechoice" id="q-q">
              <fieldset aria-describedby="a-q-help a-q-error">
                <legend>Pick one<span class="required" aria-hidden="true"> *</span><span class="visually-hidden"> (required)</span></legend>
                <p class="hint" id="a-q-help">The <em>first</em> that comes to mind.</p>
                <p class="error-message" id="a-q-error"><span class="visually-hidden">Error: </span>Choose one of the listed answers.</p>
                <div class="choices">
                  <div class="choice"><input type="radio" id="a-q" name="a.q" value="a"><label for="a-q">Alpha</label></div>
                  <div class="choice"><input type="radio" id="a-q-1" name="a.q" value="b"><label for="a-q-1">Beta</label></div>
                </div>
              </fieldset>
            </div>
            """);
    }

    [Fact]
    public void Dropdown_IsALabelledSelect()
    {
        var field = Render(new QuestionDefinition { Code = "q", Text = "Country", Type = QuestionType.SingleChoice, Options = Abc, Display = ChoiceDisplay.Dropdown });
        var select = (IHtmlSelectElement)field.Find("select[name='a.q']");
        Assert.Equal(["", "a", "b", "c"], select.Options.Select(o => o.Value));
        EveryControlIsLabelled(field);
    }

    [Fact]
    public void Dropdown_KeepsTheChoice_AndTheOtherText_AndCarriesTheError()
    {
        var question = new QuestionDefinition
        {
            Code = "q", Text = "Country", Type = QuestionType.SingleChoice, Display = ChoiceDisplay.Dropdown,
            Options = [.. Abc[..2], new("other", "Other")], OtherOption = "other",
        };
        var field = Render(question, values: ["other"], error: "Say which other country.",
            otherValues: new Dictionary<string, IReadOnlyList<string>> { ["q_other"] = ["Narnia"] });
        field.MarkupMatches("""
            <div class="question has-error q-singlechoice" id="q-q">
              <label for="a-q">Country</label>
              <p class="error-message" id="a-q-error"><span class="visually-hidden">Error: </span>Say which other country.</p>
              <select id="a-q" name="a.q" aria-describedby="a-q-error" aria-invalid="true">
                <option value="">Choose…</option>
                <option value="a">Alpha</option>
                <option value="b">Beta</option>
                <option value="other" selected>Other</option>
              </select>
              <div class="field other">
                <label for="a-q-other">If other, please specify</label>
                <input type="text" id="a-q-other" name="a.q_other" maxlength="500" value="Narnia">
              </div>
            </div>
            """);
    }

    [Fact]
    public void MultipleChoice_WithOther_HasCheckboxesAndASpecifyField()
    {
        var question = new QuestionDefinition { Code = "m", Text = "Tools", Type = QuestionType.MultipleChoice, Options = [.. Abc, new("other", "Other")], OtherOption = "other" };
        var field = Render(question, values: ["a", "other"], otherValues: new Dictionary<string, IReadOnlyList<string>> { ["m_other"] = ["Llamas"] });
        Assert.Equal(4, field.FindAll("input[type=checkbox][name='a.m']").Count);
        Assert.Equal(2, field.FindAll("input[type=checkbox]:checked").Count);
        Assert.Equal("Llamas", ((IHtmlInputElement)field.Find("input[name='a.m_other']")).Value);
        EveryControlIsLabelled(field);
        field.MarkupMatches("""
            <div class="question q-multiplechoice" id="q-m">
              <fieldset>
                <legend>Tools</legend>
                <p class="hint">Choose all that apply.</p>
                <div class="choices">
                  <div class="choice"><input type="checkbox" id="a-m" name="a.m" value="a" checked><label for="a-m">Alpha</label></div>
                  <div class="choice"><input type="checkbox" id="a-m-1" name="a.m" value="b"><label for="a-m-1">Beta</label></div>
                  <div class="choice"><input type="checkbox" id="a-m-2" name="a.m" value="c"><label for="a-m-2">Gamma</label></div>
                  <div class="choice"><input type="checkbox" id="a-m-3" name="a.m" value="other" checked data-other=""><label for="a-m-3">Other</label></div>
                </div>
                <div class="field other">
                  <label for="a-m-other">If other, please specify</label>
                  <input type="text" id="a-m-other" name="a.m_other" maxlength="500" value="Llamas">
                </div>
              </fieldset>
            </div>
            """);
    }

    [Theory]
    [InlineData(QuestionType.Rating, 7, false, 7)]
    [InlineData(QuestionType.Rating, 5, true, 6)]
    [InlineData(QuestionType.Nps, null, false, 11)]
    public void Scales_OfferEveryPoint(QuestionType type, int? scale, bool notApplicable, int expected)
    {
        var field = Render(new QuestionDefinition { Code = "r", Text = "Rate", Type = type, Scale = scale, AllowNotApplicable = notApplicable, LowLabel = "Poor", HighLabel = "Great" });
        Assert.Equal(expected, field.FindAll("input[type=radio][name='a.r']").Count);
        Assert.Contains("Poor", field.Find(".scale-labels").TextContent, StringComparison.Ordinal);
        EveryControlIsLabelled(field);
    }

    [Fact]
    public void Rating_ShowsItsEndLabels_NotApplicable_AndTheKeptValue()
    {
        var field = Render(new QuestionDefinition { Code = "r", Text = "Rate the food", Type = QuestionType.Rating, Scale = 3, LowLabel = "Poor", AllowNotApplicable = true, Required = true }, values: ["na"]);
        field.MarkupMatches("""
            <div class="question q-rating" id="q-r">
              <fieldset>
                <legend>Rate the food<span class="required" aria-hidden="true"> *</span><span class="visually-hidden"> (required)</span></legend>
                <p class="hint scale-labels">1 = Poor, 3 = highest</p>
                <div class="rating">
                  <div class="choice"><input type="radio" id="a-r" name="a.r" value="1"><label for="a-r">1</label></div>
                  <div class="choice"><input type="radio" id="a-r-1" name="a.r" value="2"><label for="a-r-1">2</label></div>
                  <div class="choice"><input type="radio" id="a-r-2" name="a.r" value="3"><label for="a-r-2">3</label></div>
                  <div class="choice"><input type="radio" id="a-r-3" name="a.r" value="na" checked><label for="a-r-3">Not applicable</label></div>
                </div>
              </fieldset>
            </div>
            """);
    }

    [Fact]
    public void Nps_RunsFromZeroToTen_WithTheStandardEndLabelsUnlessSet()
    {
        var field = Render(new QuestionDefinition { Code = "nps", Text = "Recommend us?", Type = QuestionType.Nps }, values: ["9"]);
        var points = string.Concat(Enumerable.Range(0, 11).Select(i =>
        {
            var id = i == 0 ? "a-nps" : $"a-nps-{i}";
            return $"""<div class="choice"><input type="radio" id="{id}" name="a.nps" value="{i}"{(i == 9 ? " checked" : "")}><label for="{id}">{i}</label></div>""";
        }));
        field.MarkupMatches($"""
            <div class="question q-nps" id="q-nps">
              <fieldset>
                <legend>Recommend us?</legend>
                <p class="hint scale-labels scale-ends"><span>0 = Not at all likely</span><span class="visually-hidden">, </span><span>10 = Extremely likely</span></p>
                <div class="rating nps">{points}</div>
              </fieldset>
            </div>
            """);
    }

    [Fact]
    public void YesNo_AndDescriptive_Render()
    {
        var yesNo = Render(new QuestionDefinition { Code = "y", Text = "OK?", Type = QuestionType.YesNo });
        Assert.Equal(["yes", "no"], yesNo.FindAll("input[type=radio]").Cast<IHtmlInputElement>().Select(i => i.Value));
        var descriptive = Render(new QuestionDefinition { Code = "d", Text = "# Welcome\n\nRead *this*.", Type = QuestionType.Descriptive });
        Assert.Empty(descriptive.FindAll("input, select, textarea"));
        Assert.NotNull(descriptive.Find(".descriptive em"));
        descriptive.MarkupMatches("""
            <div class="question q-descriptive" id="q-d">
              <div class="descriptive"><h1>Welcome</h1><p>Read <em>this</em>.</p></div>
            </div>
            """);
    }

    [Fact]
    public void YesNo_KeepsTheAnswer_InThePagesLanguage()
    {
        var field = Render<QuestionField>(p => p
            .Add(f => f.Question, new QuestionDefinition { Code = "y", Text = "Einverstanden?", Type = QuestionType.YesNo, Required = true })
            .Add(f => f.Values, ["no"])
            .Add(f => f.Text, new RespondText(CultureInfo.GetCultureInfo("de"))));
        field.MarkupMatches("""
            <div class="question q-yesno" id="q-y">
              <fieldset>
                <legend>Einverstanden?<span class="required" aria-hidden="true"> *</span><span class="visually-hidden"> (Pflichtfeld)</span></legend>
                <div class="choices">
                  <div class="choice"><input type="radio" id="a-y" name="a.y" value="yes"><label for="a-y">Ja</label></div>
                  <div class="choice"><input type="radio" id="a-y-1" name="a.y" value="no" checked><label for="a-y-1">Nein</label></div>
                </div>
              </fieldset>
            </div>
            """);
    }

    [Fact]
    public void Matrix_IsAFieldsetPerRow_WithItsOwnAnswerKeyAndError()
    {
        var question = new QuestionDefinition
        {
            Code = "stage", Text = "Stage", Type = QuestionType.MatrixSingle, AllowNotApplicable = true,
            Options = [new("idea", "Idea"), new("prod", "Production")], Rows = [new("ambient", "Ambient"), new("coding", "Coding")],
        };
        var field = Render(question,
            otherValues: new Dictionary<string, IReadOnlyList<string>> { ["stage_coding"] = ["prod"] },
            rowErrors: new Dictionary<string, string> { ["stage_ambient"] = "Ambient: Choose one of the listed answers." });
        var rows = field.FindAll("fieldset.matrix-row");
        Assert.Equal(["Ambient", "Coding"], rows.Select(r => r.QuerySelector("legend")!.TextContent.Trim()));
        Assert.Equal(3, rows[0].QuerySelectorAll("input[type=radio][name='a.stage_ambient']").Length);
        Assert.True(((IHtmlInputElement)rows[1].QuerySelector("input[value=prod]")!).IsChecked);
        Assert.NotNull(field.Find("#a-stage_ambient"));
        Assert.Contains("Choose one of the listed answers.", rows[0].QuerySelector(".error-message")!.TextContent, StringComparison.Ordinal);
        EveryControlIsLabelled(field);
        field.MarkupMatches("""
            <div class="question has-error q-matrixsingle" id="q-stage">
              <fieldset class="matrix">
                <legend>Stage</legend>
                <fieldset class="matrix-row has-error" id="q-stage_ambient">
                  <legend>Ambient</legend>
                  <p class="error-message" id="a-stage_ambient-error"><span class="visually-hidden">Error: </span>Ambient: Choose one of the listed answers.</p>
                  <div class="choices matrix-choices">
                    <div class="choice"><input type="radio" id="a-stage_ambient" name="a.stage_ambient" value="idea"><label for="a-stage_ambient">Idea</label></div>
                    <div class="choice"><input type="radio" id="a-stage_ambient-1" name="a.stage_ambient" value="prod"><label for="a-stage_ambient-1">Production</label></div>
                    <div class="choice"><input type="radio" id="a-stage_ambient-2" name="a.stage_ambient" value="na"><label for="a-stage_ambient-2">Not applicable</label></div>
                  </div>
                </fieldset>
                <fieldset class="matrix-row" id="q-stage_coding">
                  <legend>Coding</legend>
                  <div class="choices matrix-choices">
                    <div class="choice"><input type="radio" id="a-stage_coding" name="a.stage_coding" value="idea"><label for="a-stage_coding">Idea</label></div>
                    <div class="choice"><input type="radio" id="a-stage_coding-1" name="a.stage_coding" value="prod" checked><label for="a-stage_coding-1">Production</label></div>
                    <div class="choice"><input type="radio" id="a-stage_coding-2" name="a.stage_coding" value="na"><label for="a-stage_coding-2">Not applicable</label></div>
                  </div>
                </fieldset>
              </fieldset>
            </div>
            """);
    }

    [Fact]
    public void MatrixRating_UsesTheScaleAsColumns()
    {
        var field = Render(new QuestionDefinition { Code = "pain", Text = "Pain", Type = QuestionType.MatrixRating, Scale = 5, Rows = [new("r1", "One")] });
        Assert.Equal(["1", "2", "3", "4", "5"], field.FindAll("input[name='a.pain_r1']").Cast<IHtmlInputElement>().Select(i => i.Value));
    }

    [Fact]
    public void MatrixRating_KeepsEachRowsValue_AndMarksItRequired()
    {
        var question = new QuestionDefinition { Code = "pain", Text = "Pain today", Type = QuestionType.MatrixRating, Scale = 3, Required = true, Rows = [new("back", "Back"), new("knee", "Knee")] };
        var field = Render(question, otherValues: new Dictionary<string, IReadOnlyList<string>> { ["pain_knee"] = ["3"] });
        field.MarkupMatches("""
            <div class="question q-matrixrating" id="q-pain">
              <fieldset class="matrix">
                <legend>Pain today<span class="required" aria-hidden="true"> *</span><span class="visually-hidden"> (required)</span></legend>
                <fieldset class="matrix-row" id="q-pain_back">
                  <legend>Back</legend>
                  <div class="choices matrix-choices">
                    <div class="choice"><input type="radio" id="a-pain_back" name="a.pain_back" value="1"><label for="a-pain_back">1</label></div>
                    <div class="choice"><input type="radio" id="a-pain_back-1" name="a.pain_back" value="2"><label for="a-pain_back-1">2</label></div>
                    <div class="choice"><input type="radio" id="a-pain_back-2" name="a.pain_back" value="3"><label for="a-pain_back-2">3</label></div>
                  </div>
                </fieldset>
                <fieldset class="matrix-row" id="q-pain_knee">
                  <legend>Knee</legend>
                  <div class="choices matrix-choices">
                    <div class="choice"><input type="radio" id="a-pain_knee" name="a.pain_knee" value="1"><label for="a-pain_knee">1</label></div>
                    <div class="choice"><input type="radio" id="a-pain_knee-1" name="a.pain_knee" value="2"><label for="a-pain_knee-1">2</label></div>
                    <div class="choice"><input type="radio" id="a-pain_knee-2" name="a.pain_knee" value="3" checked><label for="a-pain_knee-2">3</label></div>
                  </div>
                </fieldset>
              </fieldset>
            </div>
            """);
    }

    [Fact]
    public void Ranking_IsOneSelectPerPlace_PostedInOrder()
    {
        var field = Render(new QuestionDefinition { Code = "rank", Text = "Order", Type = QuestionType.Ranking, Options = Abc }, values: ["c", "a", "b"]);
        var selects = field.FindAll("select[name='a.rank']").Cast<IHtmlSelectElement>().ToList();
        Assert.Equal(3, selects.Count);
        Assert.Equal(["c", "a", "b"], selects.Select(s => s.Value));
        EveryControlIsLabelled(field);
    }

    [Fact]
    public void Ranking_KeepsAPartialOrder_AndShowsItsError()
    {
        var field = Render(new QuestionDefinition { Code = "rank", Text = "Order", Type = QuestionType.Ranking, Options = Abc[..2] }, values: ["b"], error: "Give each item a different place.");
        field.MarkupMatches("""
            <div class="question has-error q-ranking" id="q-rank">
              <fieldset aria-describedby="a-rank-error">
                <legend>Order</legend>
                <p class="hint">Choose an item for each place, each item once.</p>
                <p class="error-message" id="a-rank-error"><span class="visually-hidden">Error: </span>Give each item a different place.</p>
                <div class="field rank">
                  <label for="a-rank">Place 1</label>
                  <select id="a-rank" name="a.rank"><option value="">Choose…</option><option value="a">Alpha</option><option value="b" selected>Beta</option></select>
                </div>
                <div class="field rank">
                  <label for="a-rank-1">Place 2</label>
                  <select id="a-rank-1" name="a.rank"><option value="">Choose…</option><option value="a">Alpha</option><option value="b">Beta</option></select>
                </div>
              </fieldset>
            </div>
            """);
    }

    [Theory]
    [InlineData(QuestionType.ShortText, TextValidation.None, "input[type=text]")]
    [InlineData(QuestionType.ShortText, TextValidation.Email, "input[type=email]")]
    [InlineData(QuestionType.Number, TextValidation.None, "input[type=text][inputmode=decimal]")]
    [InlineData(QuestionType.Date, TextValidation.None, "input[type=date]")]
    [InlineData(QuestionType.LongText, TextValidation.None, "textarea")]
    public void TextLikeTypes_RenderTheRightControl(QuestionType type, TextValidation validation, string selector)
    {
        var field = Render(new QuestionDefinition { Code = "t", Text = "Tell us", Type = type, Validation = validation, Unit = "kg" });
        Assert.NotNull(field.Find($"{selector}[name='a.t']"));
        EveryControlIsLabelled(field);
    }

    [Fact]
    public void ShortText_KeepsWhatWasTyped_WithHelpAndTheRequiredMark()
    {
        var field = Render(new QuestionDefinition { Code = "name", Text = "Your name", Type = QuestionType.ShortText, Required = true, Help = "As on your badge." }, values: ["Ada <Lovelace>"]);
        field.MarkupMatches("""
            <div class="question q-shorttext" id="q-name">
              <label for="a-name">Your name<span class="required" aria-hidden="true"> *</span><span class="visually-hidden"> (required)</span></label>
              <p class="hint" id="a-name-help">As on your badge.</p>
              <div class="input-with-unit">
                <input type="text" id="a-name" name="a.name" value="Ada &lt;Lovelace&gt;" maxlength="500" aria-describedby="a-name-help">
              </div>
            </div>
            """);
    }

    [Fact]
    public void EmailText_IsAnEmailInput_ThatTheBrowserCanFill()
    {
        var field = Render(new QuestionDefinition { Code = "mail", Text = "E-mail", Type = QuestionType.ShortText, Validation = TextValidation.Email }, values: ["ada@example.org"]);
        field.MarkupMatches("""
            <div class="question q-shorttext" id="q-mail">
              <label for="a-mail">E-mail</label>
              <div class="input-with-unit">
                <input type="email" id="a-mail" name="a.mail" value="ada@example.org" maxlength="500" autocomplete="email">
              </div>
            </div>
            """);
    }

    [Fact]
    public void LongText_IsATextarea_KeepingItsText()
    {
        var field = Render(new QuestionDefinition { Code = "note", Text = "Anything else?", Type = QuestionType.LongText }, values: ["Line one\nLine two"]);
        Assert.Equal("Line one\nLine two", ((IHtmlTextAreaElement)field.Find("textarea")).Value);
        field.MarkupMatches("""
            <div class="question q-longtext" id="q-note">
              <label for="a-note">Anything else?</label>
              <textarea id="a-note" name="a.note" maxlength="4000">Line one
            Line two</textarea>
            </div>
            """);
    }

    [Fact]
    public void Date_IsADateInput_KeepingTheDate()
    {
        var field = Render(new QuestionDefinition { Code = "born", Text = "Date of birth", Type = QuestionType.Date }, values: ["1990-04-01"]);
        field.MarkupMatches("""
            <div class="question q-date" id="q-born">
              <label for="a-born">Date of birth</label>
              <div class="input-with-unit"><input type="date" id="a-born" name="a.born" value="1990-04-01"></div>
            </div>
            """);
    }

    [Fact]
    public void SurveyText_CannotCarryHtmlOrScript()
    {
        var field = Render(new QuestionDefinition { Code = "x", Text = "<script>alert(1)</script><b onclick=\"x()\">hi</b>", Type = QuestionType.ShortText, Help = "<img src=x onerror=alert(1)>" });
        Assert.Empty(field.FindAll("script, b, img"));
        Assert.Contains("<script>alert(1)</script>", field.Find("label").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ErrorMessage_IsBesideTheField_AndDescribesIt()
    {
        var field = Render(new QuestionDefinition { Code = "n", Text = "Age", Type = QuestionType.Number, Min = 18, Max = 120 }, error: "Enter a number from 18 to 120.");
        var input = field.Find("input[name='a.n']");
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        Assert.Contains("a-n-error", input.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        Assert.Contains("Enter a number from 18 to 120.", field.Find("#a-n-error").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Number_WithAnError_KeepsTheTypedValue_WithItsRangeHintUnitAndErrorBesideIt()
    {
        var question = new QuestionDefinition { Code = "n", Text = "Age", Type = QuestionType.Number, Min = 18, Max = 120, WholeNumbers = true, Unit = "years", Required = true };
        var field = Render(question, values: ["twelve"], error: "Enter a whole number from 18 to 120.");
        field.MarkupMatches("""
            <div class="question has-error q-number" id="q-n">
              <label for="a-n">Age<span class="required" aria-hidden="true"> *</span><span class="visually-hidden"> (required)</span></label>
              <p class="hint" id="a-n-hint">A whole number from 18 to 120.</p>
              <p class="error-message" id="a-n-error"><span class="visually-hidden">Error: </span>Enter a whole number from 18 to 120.</p>
              <div class="input-with-unit">
                <input type="text" id="a-n" name="a.n" value="twelve" inputmode="numeric" aria-describedby="a-n-hint a-n-error" aria-invalid="true">
                <span class="unit">years</span>
              </div>
            </div>
            """);
    }

    [Fact]
    public void Number_WithoutAnError_HasNoErrorMarkup()
    {
        var field = Render(new QuestionDefinition { Code = "n", Text = "Weight", Type = QuestionType.Number, Min = 0.5m }, values: ["72.5"]);
        field.MarkupMatches("""
            <div class="question q-number" id="q-n">
              <label for="a-n">Weight</label>
              <p class="hint" id="a-n-hint">A number of at least 0.5.</p>
              <div class="input-with-unit">
                <input type="text" id="a-n" name="a.n" value="72.5" inputmode="decimal" aria-describedby="a-n-hint">
              </div>
            </div>
            """);
    }

    [Fact]
    public void ALiveCondition_IsHandedToTheBrowserOnTheWrapper()
    {
        var field = Render<QuestionField>(p => p
            .Add(f => f.Question, new QuestionDefinition { Code = "why", Text = "Why?", Type = QuestionType.ShortText })
            .Add(f => f.LiveCondition, """{"q":"colour","op":"=","v":"blue"}"""));
        Assert.Equal("""{"q":"colour","op":"=","v":"blue"}""", field.Find("div.question").GetAttribute("data-show-if"));
        Assert.Null(Render(new QuestionDefinition { Code = "why", Text = "Why?", Type = QuestionType.ShortText }).Find("div.question").GetAttribute("data-show-if"));
    }

    [Fact]
    public void Shuffle_IsStablePerSeed_AndKeepsOtherLast()
    {
        var options = Enumerable.Range(1, 8).Select(i => new OptionDefinition($"o{i}", $"Option {i}")).Append(new OptionDefinition("other", "Other")).ToArray();
        var question = new QuestionDefinition { Code = "s", Text = "?", Type = QuestionType.SingleChoice, Options = options, OtherOption = "other", Shuffle = true };
        List<string> Order(int seed) =>
            [.. Render<QuestionField>(p => p.Add(f => f.Question, question).Add(f => f.ShuffleSeed, seed)).FindAll("input[name='a.s']").Cast<IHtmlInputElement>().Select(i => i.Value)];
        var first = Order(42);
        Assert.Equal(first, Order(42));
        Assert.Equal("other", first[^1]);
        Assert.NotEqual(options.Select(o => o.Code), first);
    }
}
