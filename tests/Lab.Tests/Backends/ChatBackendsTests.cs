using System.Diagnostics;
using Microsoft.Extensions.AI;
using Workbench.Lab.Backends;
using Workbench.Lab.Tools;
using Workbench.Lab.Tools.Builtin;
using Workbench.TestSupport.ScriptedOpenAi;
using static Workbench.Lab.Tests.Backends.BackendTestConfig;

namespace Workbench.Lab.Tests.Backends;

/// <summary>Remote backends against a real HTTP server (the scripted OpenAI-compatible one) and a closed port.</summary>
public sealed class ChatBackendsTests
{
    private static readonly ChatMessage[] Hello = [new(ChatRole.User, "Say hello.")];

    private static async Task<(ScriptedOpenAiServer Server, IChatBackends Backends)> StartAsync(ScriptedReply reply, string? key = Key, int? timeoutSeconds = null)
    {
        var server = await ScriptedOpenAiServer.StartAsync(ScriptedModels.Always(reply));
        return (server, BackendsFor(Remote("scripted", server.BaseUrl, server.ModelName, key, timeoutSeconds)));
    }

    private static void AssertNoKey(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            Assert.DoesNotContain(Key, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Key, e.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task GetResponseAsync_TextReply_SendsModelAndKeyAndReturnsTextWithUsage()
    {
        var (server, backends) = await StartAsync(ScriptedReply.Text("Hello from the scripted model."));
        await using var _ = server;
        using var client = backends.GetChatClient("scripted");

        var response = await client.GetResponseAsync(Hello);

        Assert.Equal("Hello from the scripted model.", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.True(response.Usage?.OutputTokenCount > 0);
        var request = Assert.Single(server.Requests);
        Assert.Equal("Bearer " + Key, request.Authorization);
        Assert.Equal(server.ModelName, request.Body["model"]!.GetValue<string>());
        Assert.Equal("Say hello.", request.FirstUserText);
    }

    [Fact]
    public async Task GetChatClient_ModelGiven_AsksForThatModel_AndNoKeyMeansNoAuthorizationHeader()
    {
        var (server, backends) = await StartAsync(ScriptedReply.Text("ok"), key: null);
        await using var _ = server;
        using var client = backends.GetChatClient("scripted", "other-model");

        await client.GetResponseAsync(Hello);

        var request = Assert.Single(server.Requests);
        Assert.Equal("other-model", request.Body["model"]!.GetValue<string>());
        Assert.Equal("", request.Authorization);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_TextReply_StreamsDeltasThenFinishReason()
    {
        var (server, backends) = await StartAsync(ScriptedReply.Text("Once upon a time there was a scripted stream."));
        await using var _ = server;
        using var client = backends.GetChatClient("scripted");

        var updates = await Collect(client.GetStreamingResponseAsync(Hello));

        Assert.True(updates.Count(u => u.Text.Length > 0) >= 5, "the reply arrives in several text deltas");
        Assert.Equal("Once upon a time there was a scripted stream.", string.Concat(updates.Select(u => u.Text)));
        Assert.Contains(updates, u => u.FinishReason == ChatFinishReason.Stop);
        Assert.True(server.Requests[0].Stream);
    }

    [Fact]
    public async Task ToolLoop_OnRemoteBackend_RunsTheScriptedCallAndReadsTheResult()
    {
        await using var server = await ScriptedOpenAiServer.StartAsync(ScriptedModels.Conversation(
            _ => ScriptedReply.ToolCall(WeatherTool.ToolName, """{"city":"Paris"}"""),
            r => ScriptedReply.Text("Tool said: " + string.Join("|", r.LastToolResults))));
        using var client = BackendsFor(Remote("scripted", server.BaseUrl, server.ModelName)).GetChatClient("scripted");
        var weather = new WeatherTool();
        var expected = (await weather.InvokeAsync(new AIFunctionArguments { ["city"] = "Paris" }))!.ToString()!;

        var result = await new ToolLoop(client).RunAsync([new ChatMessage(ChatRole.User, "Weather in Paris?")], [weather]);

        Assert.Equal(ToolLoopOutcome.Completed, result.Trace.Outcome);
        Assert.Equal(2, result.Trace.Steps.Count);
        var call = Assert.Single(result.Trace.Steps[0].Calls);
        Assert.Equal(WeatherTool.ToolName, call.Name);
        Assert.Contains(WeatherTool.ToolName, server.Requests[0].ToolNames);
        Assert.Equal(expected, Assert.Single(server.Requests[1].LastToolResults));
        Assert.Equal("Tool said: " + expected, result.Trace.FinalText);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Garbage_HtmlPage_IsBackendExceptionQuotingTheBody(bool streaming)
    {
        var (server, backends) = await StartAsync(ScriptedReply.Garbage("<html>Bad gateway</html>"));
        await using var _ = server;
        using var client = backends.GetChatClient("scripted");

        var error = await Assert.ThrowsAsync<BackendException>(() => Call(client, streaming));

        Assert.Equal("scripted", error.Backend);
        Assert.Equal($"backend 'scripted' at {server.BaseUrl.ToString().TrimEnd('/')} answered with something that is not an OpenAI chat completion: <html>Bad gateway</html>", error.Message);
    }

    [Fact]
    public async Task Garbage_JsonThatIsNotACompletion_IsBackendException()
    {
        var (server, backends) = await StartAsync(ScriptedReply.Garbage("""{"status":"ok","model_loaded":false}""", "application/json"));
        await using var _ = server;
        using var client = backends.GetChatClient("scripted");

        var error = await Assert.ThrowsAsync<BackendException>(() => client.GetResponseAsync(Hello));

        Assert.EndsWith("""not an OpenAI chat completion: {"status":"ok","model_loaded":false}""", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Garbage_LongBody_IsQuotedTo200Characters()
    {
        var body = new string('x', 5000);
        var (server, backends) = await StartAsync(ScriptedReply.Garbage(body, "text/plain"));
        await using var _ = server;
        using var client = backends.GetChatClient("scripted");

        var error = await Assert.ThrowsAsync<BackendException>(() => client.GetResponseAsync(Hello));

        Assert.EndsWith(": " + new string('x', 200), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Slow_PastTheTimeout_IsBackendExceptionSayingSo(bool streaming)
    {
        var (server, backends) = await StartAsync(ScriptedReply.Slow(TimeSpan.FromSeconds(30), ScriptedReply.Text("late")), timeoutSeconds: 1);
        await using var _ = server;
        using var client = backends.GetChatClient("scripted");
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<BackendException>(() => Call(client, streaming));

        Assert.Equal($"backend 'scripted' at {server.BaseUrl.ToString().TrimEnd('/')} did not answer within 1 s", error.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancellation_StaysOperationCanceled(bool streaming)
    {
        var (server, backends) = await StartAsync(ScriptedReply.Slow(TimeSpan.FromSeconds(30), ScriptedReply.Text("late")));
        await using var _ = server;
        using var client = backends.GetChatClient("scripted");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var error = await Record.ExceptionAsync(() => Call(client, streaming, cancel.Token));

        Assert.IsAssignableFrom<OperationCanceledException>(error);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Down_ClosedPort_IsNotReachableConnectionRefused(bool streaming)
    {
        var url = ClosedPort();
        using var client = BackendsFor(Remote("vllm", url, "qwen3-coder")).GetChatClient("vllm");

        var error = await Assert.ThrowsAsync<BackendException>(() => Call(client, streaming));

        Assert.Equal($"backend 'vllm' at {url.ToString().TrimEnd('/')} is not reachable: connection refused", error.Message);
        AssertNoKey(error);
    }

    [Theory]
    [InlineData(401, "Incorrect API key provided: " + Key + ".", "answered HTTP 401: Incorrect API key provided: ***. (check the key: Backends:scripted:ApiKey")]
    [InlineData(404, "The model `qwen9` does not exist.", "answered HTTP 404: The model `qwen9` does not exist. (check the model name, Backends:scripted:Model")]
    [InlineData(400, "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens.", "answered HTTP 400: This model's maximum context length is 4096 tokens. However, you requested 5000 tokens.")]
    [InlineData(500, "Internal server error", "answered HTTP 500: Internal server error")]
    public async Task HttpError_IsBackendExceptionWithStatusAndServerMessage_NeverTheKey(int status, string serverMessage, string expected)
    {
        foreach (bool streaming in new[] { false, true })
        {
            var (server, backends) = await StartAsync(ScriptedReply.HttpError(status, serverMessage));
            await using var _ = server;
            using var client = backends.GetChatClient("scripted");

            var error = await Assert.ThrowsAsync<BackendException>(() => Call(client, streaming));

            Assert.StartsWith($"backend 'scripted' at {server.BaseUrl.ToString().TrimEnd('/')} {expected}", error.Message, StringComparison.Ordinal);
            AssertNoKey(error);
        }
    }

    [Fact]
    public void GetChatClient_UnknownName_IsBackendNotFound()
    {
        var backends = BackendsFor(Remote("vllm", new Uri("http://localhost:8000/v1"), "m"));

        var error = Assert.Throws<BackendNotFoundException>(() => backends.GetChatClient("nope"));

        Assert.Equal("There is no backend named 'nope'.", error.Message);
    }

    [Fact]
    public void List_BuiltInFirstThenConfigured_WithoutKeys()
    {
        var settings = Remote("vllm", new Uri("http://gpu-box:8000/v1/"), "Qwen/Qwen3-Coder-30B-A3B-Instruct");
        settings["Backends:vllm:DisplayName"] = "Qwen3-Coder on vLLM";
        settings["Backends:vllm:ContextWindow"] = "32768";
        foreach (var (k, v) in Remote("ollama", new Uri("http://localhost:11434/v1"), "qwen2.5-coder:7b", key: null)) settings[k] = v;

        var list = BackendsFor(settings).List();

        Assert.Equal([IChatBackends.BuiltInName, "ollama", "vllm"], list.Select(b => b.Name));
        Assert.True(list[0].IsBuiltIn);
        Assert.Null(list[0].BaseUrl);
        var vllm = list[2];
        Assert.Equal(new BackendInfo("vllm", "Qwen3-Coder on vLLM", "http://gpu-box:8000/v1", "Qwen/Qwen3-Coder-30B-A3B-Instruct", 32768, false), vllm);
        Assert.Equal("ollama", list[1].DisplayName);
        Assert.DoesNotContain(Key, string.Join("\n", list.Select(b => b.ToString())), StringComparison.Ordinal);
    }

    [Fact]
    public void GetChatClient_NullOrBuiltIn_IsTheEngineClient()
    {
        var backends = BackendsFor(Remote("vllm", new Uri("http://localhost:8000/v1"), "m"));

        using var byNull = backends.GetChatClient(null);
        using var byName = backends.GetChatClient("built-in");

        Assert.IsType<Workbench.Engine.Inference.EngineChatClient>(byNull);
        Assert.IsType<Workbench.Engine.Inference.EngineChatClient>(byName);
    }

    private static async Task Call(IChatClient client, bool streaming, CancellationToken cancellationToken = default)
    {
        if (streaming) await Collect(client.GetStreamingResponseAsync(Hello, cancellationToken: cancellationToken));
        else await client.GetResponseAsync(Hello, cancellationToken: cancellationToken);
    }

    private static async Task<List<ChatResponseUpdate>> Collect(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var list = new List<ChatResponseUpdate>();
        await foreach (var update in updates) list.Add(update);
        return list;
    }
}
