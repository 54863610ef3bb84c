using System.ComponentModel;
using Microsoft.Extensions.AI;
using Workbench.Engine.Inference;

namespace Workbench.Engine.Tests.Generation;

/// <summary><see cref="EngineChatClient"/> with tools on stories260K (no template of its own, so every call comes
/// from the grammar): MEAI's own <c>UseFunctionInvocation()</c> runs a real <see cref="AIFunction"/> through it.</summary>
public sealed class EngineChatClientToolTests : IAsyncLifetime
{
    private LlamaEngine _engine = null!;

    public async Task InitializeAsync()
    {
        _engine = new LlamaEngine(EngineFixture.Options(sequences: 1, contextSize: 2048));
        await _engine.LoadModelAsync(EngineFixture.ModelPath("stories260K.gguf"), null, CancellationToken.None);
    }

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    [Fact]
    public async Task GetResponseAsync_NonStreaming_CarriesTheRawText_OnTheResponse()
    {
        using IChatClient client = new EngineChatClient(_engine);
        var tool = AIFunctionFactory.Create(([Description("A city")] string city) => "sunny", "get_weather", "The weather in a city.");
        var options = new ChatOptions { Tools = [tool], ToolMode = ChatToolMode.RequireAny, AllowMultipleToolCalls = false, MaxOutputTokens = 200, Seed = 4 };

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Weather?")], options);

        Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        var raw = Assert.IsType<string>(response.AdditionalProperties![EngineChatClient.RawTextProperty]);
        Assert.StartsWith("<tool_call>", raw.TrimStart());
        Assert.Contains("\"get_weather\"", raw);
    }

    [Fact]
    public async Task GetResponseAsync_RequiredMode_ReturnsFunctionCallContent_WithParsedArguments_AndRawText()
    {
        using IChatClient client = new EngineChatClient(_engine);
        var tool = AIFunctionFactory.Create(([Description("A city")] string city) => "sunny", "get_weather", "The weather in a city.");
        var options = new ChatOptions { Tools = [tool], ToolMode = ChatToolMode.RequireAny, AllowMultipleToolCalls = false, MaxOutputTokens = 200, Seed = 4 };

        var updates = new List<ChatResponseUpdate>();
        await foreach (var u in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Weather?")], options)) updates.Add(u);

        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal("get_weather", call.Name);
        Assert.True(call.Arguments!.ContainsKey("city"));
        var last = updates[^1];
        Assert.Equal(ChatFinishReason.ToolCalls, last.FinishReason);
        var raw = Assert.IsType<string>(last.AdditionalProperties![EngineChatClient.RawTextProperty]);
        Assert.Contains("<tool_call>", raw);
        Assert.DoesNotContain("<tool_call>", string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public async Task UseFunctionInvocation_RequiredMode_InvokesTheFunction_ThenAnswers()
    {
        var invoked = new List<string>();
        var tool = AIFunctionFactory.Create((string city) => { invoked.Add(city); return "sunny"; }, "get_weather", "The weather in a city.");
        using var client = new ChatClientBuilder(new EngineChatClient(_engine)).UseFunctionInvocation().Build();
        // 200 tokens always hold the forced call: its string is bounded at 128 characters (JsonSchemaGrammarOptions),
        // so whatever the seed draws, the call is complete and the loop invokes the function.
        var options = new ChatOptions { Tools = [tool], ToolMode = ChatToolMode.RequireAny, AllowMultipleToolCalls = false, MaxOutputTokens = 200, Seed = 9 };

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "What is the weather?")], options);

        Assert.Single(invoked); // MEAI resets a required mode after the first round, so the second round may answer in text
        Assert.Contains(response.Messages, m => m.Contents.OfType<FunctionCallContent>().Any(c => c.Name == "get_weather"));
        Assert.Contains(response.Messages, m => m.Contents.OfType<FunctionResultContent>().Any(r => Equals(r.Result?.ToString(), "sunny")));
        Assert.NotEqual(ChatFinishReason.ToolCalls, response.FinishReason);
    }
}
