using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;
using Workbench.TestSupport.ScriptedOpenAi;

namespace Workbench.Lab.Tests.Backends;

/// <summary>The scripted test server speaks OpenAI's chat-completions wire well enough for the official client
/// (MEAI's OpenAI adapter) to read its tool calls, text, streams and errors.</summary>
public sealed class ScriptedOpenAiServerTests
{
    private static IChatClient ClientFor(ScriptedOpenAiServer server) =>
        new OpenAIClient(new ApiKeyCredential("test-key"), new OpenAIClientOptions { Endpoint = server.BaseUrl })
            .GetChatClient(server.ModelName).AsIChatClient();

    private static readonly ScriptedModel TwoSteps = ScriptedModels.Conversation(
        _ => ScriptedReply.ToolCall("read_file", """{"path":"calc.py"}"""),
        r => ScriptedReply.Text("The file says: " + string.Join("|", r.LastToolResults)));

    [Fact]
    public async Task A_conversation_is_a_tool_call_then_a_text_that_reads_the_result()
    {
        await using var server = await ScriptedOpenAiServer.StartAsync(TwoSteps);
        using var client = ClientFor(server);
        var messages = new List<ChatMessage> { new(ChatRole.User, "Fix calc.py") };

        var first = await client.GetResponseAsync(messages);
        var call = Assert.Single(first.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("read_file", call.Name);
        Assert.Equal("calc.py", call.Arguments!["path"]!.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);

        messages.AddRange(first.Messages);
        messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, "def add(a, b): return a - b")]));
        var second = await client.GetResponseAsync(messages);
        Assert.Equal("The file says: def add(a, b): return a - b", second.Text);
        Assert.True(second.Usage?.InputTokenCount > 0);

        Assert.Equal(2, server.Requests.Count);
        Assert.Equal("Bearer test-key", server.Requests[0].Authorization);
    }

    [Fact]
    public async Task A_streamed_tool_call_arrives_whole_from_its_fragments()
    {
        await using var server = await ScriptedOpenAiServer.StartAsync(ScriptedModels.Always(
            ScriptedReply.ToolCall("edit_file", """{"path":"a.py","old_string":"a - b","new_string":"a + b"}""", content: "Editing.")));
        using var client = ClientFor(server);

        var response = await client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "go")]).ToChatResponseAsync();
        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("edit_file", call.Name);
        Assert.Equal("a + b", call.Arguments!["new_string"]!.ToString());
        Assert.Equal("Editing.", response.Text);
        Assert.True(server.Requests[0].Stream);
    }

    [Fact]
    public async Task Garbage_and_http_errors_reach_the_client_as_failures()
    {
        await using var garbage = await ScriptedOpenAiServer.StartAsync(ScriptedModels.Always(ScriptedReply.Garbage()));
        using (var client = ClientFor(garbage))
            await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")]));

        await using var failing = await ScriptedOpenAiServer.StartAsync(ScriptedModels.Always(ScriptedReply.HttpError(401, "Incorrect API key provided.")));
        using (var client = ClientFor(failing))
        {
            var error = await Assert.ThrowsAsync<ClientResultException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")]));
            Assert.Equal(401, error.Status);
            Assert.Contains("Incorrect API key", error.Message, StringComparison.Ordinal);
        }
    }
}
