using Workbench.Engine.Inference;
using Workbench.Web.Components.Widgets;

namespace Workbench.Web.Tests.Components.Labs;

/// <summary>The JSON the wire widgets write and show.</summary>
public sealed class WireJsonTests
{
    [Fact]
    public void ChatRequest_WritesOpenAiFieldOrderAndReadableText()
    {
        var body = WireJson.ChatRequest("m.gguf", [new("system", "Sé bref."), new("user", "\"Hi\" <b>")], 16, 7);

        Assert.Equal("""{"model":"m.gguf","messages":[{"role":"system","content":"Sé bref."},{"role":"user","content":"\"Hi\" <b>"}],"max_tokens":16,"seed":7}""", body);
    }

    [Fact]
    public void ChatRequest_NoModelMaxTokensOrSeed_LeavesThemOut()
    {
        Assert.Equal("""{"messages":[{"role":"user","content":"x"}]}""", WireJson.ChatRequest(null, [new PromptMessage("user", "x")], null, null));
    }

    [Fact]
    public void HighlightLines_MarksFinishReasonAndTheWholeUsageObject()
    {
        var pretty = WireJson.Pretty("""{"choices":[{"finish_reason":"length"}],"usage":{"prompt_tokens":65,"completion_tokens":48,"total_tokens":113},"timings":{"prompt_n":65}}""");

        var marked = WireJson.HighlightLines(pretty).Where(l => l.Highlight).Select(l => l.Text.Trim()).ToList();

        Assert.Equal(["\"finish_reason\": \"length\"", "\"usage\": {", "\"prompt_tokens\": 65,", "\"completion_tokens\": 48,", "\"total_tokens\": 113", "},"], marked);
    }

    [Fact]
    public void Pretty_NotJson_ReturnsTheTextUnchanged()
    {
        Assert.Equal("upstream timeout", WireJson.Pretty("upstream timeout"));
    }

    [Fact]
    public void Summarize_ErrorEnvelope_ReadsTheMessage()
    {
        var summary = WireJson.Summarize("""{"error":{"message":"max_tokens must be at least 1","type":"invalid_request_error"}}""");

        Assert.Equal("max_tokens must be at least 1", summary.Error);
        Assert.Null(summary.FinishReason);
        Assert.Null(summary.TotalTokens);
    }
}
