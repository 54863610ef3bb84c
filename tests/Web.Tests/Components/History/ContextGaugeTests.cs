using System.Globalization;
using Bunit;
using Workbench.Engine.Inference;
using Workbench.Web.Components.Widgets.History;

namespace Workbench.Web.Tests.Components.History;

/// <summary>The context gauge on the real engine: counts on the templated prompt, the rendered prompt, the
/// warning before an over-long call and the API's error after it.</summary>
[Collection(EngineCollection.Name)]
public sealed class ContextGaugeTests(EngineFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Render_NewConversation_CountsTheTemplatedPromptWithTheModelsTokenizer()
    {
        using var ctx = UiTestContext.CreateForWidgets(fixture);

        var cut = ctx.Render<ContextGauge>(p => p.Add(c => c.Options, new Dictionary<string, string> { ["system"] = "You are a kind teller of tales." }));

        cut.WaitForAssertion(() => Assert.Contains("<|im_start|>system", cut.Find("[aria-label='Rendered prompt']").TextContent), Timeout);
        var prompt = cut.Find("[aria-label='Rendered prompt']").TextContent;
        Assert.EndsWith("<|im_start|>assistant\n", prompt);
        var tokens = await fixture.Engine.TokenizeAsync(prompt, addSpecial: true, parseSpecial: true, CancellationToken.None);
        var meter = cut.Find("[role=meter][aria-label='Context used']");
        Assert.Equal(tokens.Count.ToString(CultureInfo.InvariantCulture), meter.GetAttribute("aria-valuenow"));
        Assert.Equal(fixture.Engine.Model!.ContextSize.ToString(CultureInfo.InvariantCulture), meter.GetAttribute("aria-valuemax"));
        var content = await fixture.Engine.TokenizeAsync("You are a kind teller of tales.", false, true, CancellationToken.None);
        Assert.True(int.Parse(cut.Find("li[aria-label='Message 1'] [aria-label='Message tokens']").TextContent, CultureInfo.InvariantCulture) > content.Count,
            "the system message's count includes its template markup");
    }

    [Fact]
    public void Send_OneTurn_TheCountBeforeSendingEqualsTheUsage()
    {
        using var ctx = UiTestContext.CreateForWidgets(fixture);
        var cut = ctx.Render<ContextGauge>(p => p.Add(c => c.Options, new Dictionary<string, string> { ["max_tokens"] = "6" }));

        cut.Find("form[aria-label='Compose'] input:not([type=number])").Input("Tell me about a cat.");
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("li[aria-label='Next message']")), Timeout);
        cut.Find("form[aria-label='Compose']").Submit();

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Idle", cut.Find("[aria-label='Gauge state']").TextContent);
            Assert.NotNull(cut.Find("[aria-label='Last call']"));
        }, Timeout);
        var last = cut.Find("[aria-label='Last call']").QuerySelectorAll("b");
        Assert.Equal(last[0].TextContent, last[1].TextContent);
        Assert.Equal(3, cut.FindAll("li[aria-label^='Message ']").Count);
        Assert.Empty(cut.FindAll("[role=alert]"));
    }

    [Fact]
    public void Send_PromptLongerThanTheWindow_WarnsBeforeAndShowsContextLengthExceeded()
    {
        using var ctx = UiTestContext.CreateForWidgets(fixture);
        var cut = ctx.Render<ContextGauge>(p => p.Add(c => c.Options, new Dictionary<string, string> { ["max_tokens"] = "6" }));
        var longText = string.Join(' ', Enumerable.Repeat("The little cat sat on the warm mat and purred.", 60));

        cut.Find("form[aria-label='Compose'] input:not([type=number])").Input(longText);

        cut.WaitForAssertion(() => Assert.Contains("context_length_exceeded", cut.Find("[aria-label='Context warning']").TextContent), Timeout);
        cut.Find("form[aria-label='Compose']").Submit();
        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Idle", cut.Find("[aria-label='Gauge state']").TextContent);
            Assert.Contains("context_length_exceeded", cut.Find("[aria-label='Error']").TextContent);
        }, Timeout);
        Assert.Single(cut.FindAll("li[aria-label^='Message ']")); // the system prompt; the rejected message went back to the input
        Assert.Equal(longText, cut.Find("form[aria-label='Compose'] input:not([type=number])").GetAttribute("value"));
    }
}
