using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Web.Hosting;
using Xunit;

namespace Workbench.Web.Tests.Hosting;

/// <summary>
/// Section 3 of the foundation issue: a real native abort in llama.cpp kills only the worker. The crafted input
/// is a copy of the real TinyStories GGUF with <c>llama.block_count</c> set to 0: the file parses, and llama.cpp's
/// loader then fails <c>GGML_ASSERT(hparams.n_layer_all &gt; 0 ...)</c> in <c>llama_model::load_hparams</c>,
/// which calls <c>abort()</c> (SIGABRT) — no fault injection, no test-only code path in the app.
/// </summary>
public sealed class CrashIsolationTests : IAsyncLifetime
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);
    private readonly WorkbenchAppFactory _app = new();
    private readonly string _temp = Directory.CreateTempSubdirectory("wb-crash-").FullName;

    /// <summary>The crafted file lives in a model folder of its own (loads are limited to the model folders).</summary>
    public Task InitializeAsync()
    {
        _app.Settings["Engine:ModelDirectories:1"] = _temp;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_temp, recursive: true);
    }

    [Fact]
    public async Task ModelLoadThatAbortsTheWorker_WebServerKeepsServing_AndTheNextRequestSucceeds()
    {
        var supervisor = await _app.StartReadyAsync();
        var client = _app.CreateClient();
        await AssertChatWorksAsync(client);
        var firstPid = supervisor.ProcessId;
        var restartsBefore = supervisor.RestartCount;

        var crafted = Path.Combine(_temp, "block-count-zero.gguf");
        GgufPatcher.WriteWithUInt32(TestPaths.TinyStories, crafted, "llama.block_count", 0);
        Assert.Equal(0u, GgufPatcher.ReadUInt32(crafted, "llama.block_count"));

        // A stream in flight when the worker dies. The grammar withholds end-of-text, so it runs until max_tokens.
        using var streamRequest = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new
            {
                messages = new[] { new { role = "user", content = "Tell me a story." } },
                stream = true,
                max_tokens = 1800,
                seed = 7,
                grammar = "root ::= [a-z ]+ \"~~~~~~~~\"",
            }),
        };
        using var stream = await client.SendAsync(streamRequest, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        using var events = new StreamReader(await stream.Content.ReadAsStreamAsync());
        var firstEvent = await events.ReadLineAsync().WaitAsync(Step);
        Assert.StartsWith("data: {", firstEvent);

        var crashed = WaitForStateAsync(supervisor, s => s is WorkerState.Restarting);
        using var load = await client.PostAsJsonAsync("/models/load", new { path = crafted }).WaitAsync(Step);
        var loadBody = await load.Content.ReadAsStringAsync();
        Assert.Contains("\"code\":\"worker_unavailable\"", loadBody); // 503 envelope, or the final event of the load stream
        await crashed.WaitAsync(Step);
        Assert.Matches("signal 6 \\(SIGABRT\\)", supervisor.LastError);
        Assert.Contains("GGML_ASSERT", supervisor.LastError);

        // The in-flight stream ends with an error event instead of [DONE].
        var rest = await events.ReadToEndAsync().WaitAsync(Step);
        var lastEvent = rest.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Last();
        Assert.StartsWith("data: ", lastEvent);
        var error = JsonDocument.Parse(lastEvent["data: ".Length..]).RootElement.GetProperty("error");
        Assert.Equal("worker_unavailable", error.GetProperty("code").GetString());
        Assert.DoesNotContain("[DONE]", rest);

        // While the worker restarts: the engine API answers 503 with the OpenAI envelope; the web app serves.
        using var during = await client.GetAsync("/v1/models");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        var envelope = JsonDocument.Parse(await during.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("unavailable_error", envelope.GetProperty("type").GetString());
        Assert.Equal("worker_unavailable", envelope.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);

        // A new worker comes up with the last model that loaded (not the crafted one) and serves again.
        await supervisor.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
        Assert.Equal(restartsBefore + 1, supervisor.RestartCount);
        Assert.NotEqual(firstPid, supervisor.ProcessId);
        Assert.Equal(TestPaths.Real(TestPaths.TinyStories), TestPaths.Real(supervisor.Model?.Path ?? ""));
        await AssertChatWorksAsync(client);
    }

    private static async Task AssertChatWorksAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/v1/chat/completions", new
        {
            messages = new[] { new { role = "user", content = "Once upon a time" } },
            max_tokens = 16,
            seed = 1,
        }).WaitAsync(Step);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.True(json.GetProperty("usage").GetProperty("completion_tokens").GetInt32() >= 1);
        Assert.NotNull(json.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    private static Task WaitForStateAsync(WorkerSupervisor supervisor, Func<WorkerState, bool> condition)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check()
        {
            if (condition(supervisor.State)) done.TrySetResult();
        }
        supervisor.StateChanged += Check;
        _ = done.Task.ContinueWith(_ => supervisor.StateChanged -= Check, TaskScheduler.Default);
        Check();
        return done.Task;
    }
}
