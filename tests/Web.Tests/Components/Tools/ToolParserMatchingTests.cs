using Bunit;
using Workbench.Engine.Tools;
using Workbench.Engine.Tools.Parsing;
using Workbench.Web.Components.Widgets.Tools;

namespace Workbench.Web.Tests.Components.Tools;

/// <summary>The parser-matching widget: one output through the four real parsers; the matching one returns the call,
/// the others return it as content with finish_reason stop, marked as the silent failure.</summary>
public sealed class ToolParserMatchingTests
{
    [Fact]
    public void Render_HermesExample_OneMatchThreeSilentMisses()
    {
        using var ctx = new BunitContext();
        var cut = ctx.Render<ToolParserMatching>();

        var cards = cut.FindAll("article[data-format]");
        Assert.Equal(4, cards.Count);
        var hermes = cut.Find("article[data-format='Hermes']");
        Assert.StartsWith("match · 1 call", hermes.QuerySelector("[aria-label='Verdict']")!.TextContent.Trim());
        Assert.Equal("tool_calls", hermes.QuerySelector("[aria-label='finish_reason']")!.TextContent);
        Assert.Equal("get_weather", hermes.QuerySelector("[aria-label='Function name']")!.TextContent);
        Assert.Contains("--tool-call-parser hermes", hermes.QuerySelector("[aria-label='vLLM flag']")!.TextContent);
        Assert.Contains("\"city\": \"Paris\"", hermes.QuerySelector("[aria-label='Arguments']")!.TextContent);
        // Every card says what the engine's parser says; Qwen3-Coder's and Mistral's miss it silently.
        var text = ParserExample.All[0].Text;
        foreach (var card in cards)
        {
            var format = Enum.Parse<ToolCallFormat>(card.GetAttribute("data-format")!);
            var parsed = ToolCallParser.Parse(format, text);
            Assert.Equal(parsed.ToolCalls.Count > 0 ? "tool_calls" : "stop", card.QuerySelector("[aria-label='finish_reason']")!.TextContent);
            Assert.Equal(parsed.Content ?? "null", card.QuerySelector("[aria-label='Content']")!.TextContent);
        }
        foreach (var format in new[] { "Qwen3Coder", "Mistral" })
        {
            var other = cut.Find($"article[data-format='{format}']");
            Assert.Equal("no match", other.QuerySelector("[aria-label='Verdict']")!.TextContent.Trim());
            Assert.Contains("<tool_call>", other.QuerySelector("[aria-label='Content']")!.TextContent);
            Assert.NotNull(other.QuerySelector("[aria-label='Silent failure']"));
            Assert.NotNull(other.QuerySelector("mark.wb-tools-call"));
        }
        var matched = ToolCallFormats.All.Where(f => ToolCallParser.Parse(f.Format, text).ToolCalls.Count > 0).Select(f => f.DisplayName).ToList();
        Assert.Equal($"{matched.Count} matched ({string.Join(", ", matched)}), {4 - matched.Count} returned no calls.", cut.Find("[aria-label='Parser summary']").TextContent);
    }

    [Theory]
    [InlineData(1, ToolCallFormat.Qwen3Coder)]
    [InlineData(2, ToolCallFormat.Llama31)]
    [InlineData(3, ToolCallFormat.Mistral)]
    [InlineData(4, ToolCallFormat.Mistral)]
    public void SelectExample_EachFormat_ItsParserMatches(int example, ToolCallFormat format)
    {
        using var ctx = new BunitContext();
        var cut = ctx.Render<ToolParserMatching>();

        cut.Find("select[id$='-example']").Change(example.ToString());

        var card = cut.Find($"article[data-format='{format}']");
        Assert.StartsWith("match", card.QuerySelector("[aria-label='Verdict']")!.TextContent.Trim());
        Assert.Equal("get_weather", card.QuerySelector("[aria-label='Function name']")!.TextContent);
    }

    [Fact]
    public void Paste_PlainText_NoParserMatchesAndNothingIsLost()
    {
        using var ctx = new BunitContext();
        var cut = ctx.Render<ToolParserMatching>(p => p.Add(c => c.Options, new Dictionary<string, string> { ["examples"] = "false" }));
        Assert.Empty(cut.FindAll("select"));

        cut.Find("textarea").Input("It is sunny in Paris, 3 < 4.");

        Assert.Equal("No parser matched: all 4 return the text as content.", cut.Find("[aria-label='Parser summary']").TextContent);
        Assert.All(cut.FindAll("[aria-label='Content']"), c => Assert.Equal("It is sunny in Paris, 3 < 4.", c.TextContent));
        Assert.Empty(cut.FindAll("[aria-label='Silent failure']"));
    }

    [Fact]
    public void CallMarkup_Segments_MarkEachFormatsCallAndKeepEveryCharacter()
    {
        var text = "a <tool_call>\n{\"name\": \"x\"}\n</tool_call> b [TOOL_CALLS][{\"name\": \"x\"}]</s> c {\"name\": \"x\", \"parameters\": {\"k\": 1}} d";

        var segments = CallMarkup.Segments(text);

        Assert.Equal(text, string.Concat(segments.Select(s => s.Text)));
        Assert.Equal(["<tool_call>\n{\"name\": \"x\"}\n</tool_call>", "[TOOL_CALLS][{\"name\": \"x\"}]", "{\"name\": \"x\", \"parameters\": {\"k\": 1}}"],
            segments.Where(s => s.IsCall).Select(s => s.Text));
        Assert.DoesNotContain(CallMarkup.Segments("plain text"), s => s.IsCall);
    }
}
