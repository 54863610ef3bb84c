using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Workbench.Web.Tests.Components.Streaming;

/// <summary>
/// The server-side evidence the stream-compare widget shows: the worker's <c>GET /health</c> counters
/// (<c>slots_processing</c>, <c>tokens_predicted_total</c>, <c>requests_cancelled_total</c>) over the real API on a
/// real engine (stories260K, a 2,048-token window so an ignore_eos run lasts long enough to abort).
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class WorkerHealthCountersTests(WorkerHealthCountersTests.LongWindowModelFixture model)
    : IAsyncLifetime, IClassFixture<WorkerHealthCountersTests.LongWindowModelFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly HttpClient _http = new() { Timeout = Timeout };
    private EngineApiServer _server = default!;

    /// <summary>stories260K with one sequence and a 2,048-token window.</summary>
    public sealed class LongWindowModelFixture() : LoadedEngineFixture(Structured.StoriesModelFixture.ModelFileName, options =>
    {
        options.ParallelSequences = 1;
        options.ContextSize = 2048;
    });

    public async Task InitializeAsync()
    {
        _server = await EngineApiServer.StartAsync(model.Engine);
        _http.BaseAddress = _server.Address;
    }

    [Fact]
    public async Task Health_AfterACompletedRequest_CountsItsCompletionTokens()
    {
        var before = await HealthAsync();

        using var response = await _http.PostAsync("v1/chat/completions", Json(new { messages = new[] { new { role = "user", content = "A cat" } }, max_tokens = 24, ignore_eos = true }));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var after = await HealthAsync();

        Assert.True(response.IsSuccessStatusCode, body.ToString());
        Assert.Equal(0, after.Slots);
        Assert.Equal(body.GetProperty("usage").GetProperty("completion_tokens").GetInt64(), after.Tokens - before.Tokens);
        Assert.Equal(before.Cancelled, after.Cancelled);
    }

    [Fact]
    public async Task Health_AfterTheClientAbortsAStream_ShowsTheGenerationCancelledAndStopped()
    {
        const int maxTokens = 2000;
        var before = await HealthAsync();
        using (var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = Json(new { messages = new[] { new { role = "user", content = "Tell me a long story" } }, max_tokens = maxTokens, ignore_eos = true, stream = true }),
        })
        using (var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.True(response.IsSuccessStatusCode);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            while (await reader.ReadLineAsync() is { } line && !line.Contains("\"content\":\"", StringComparison.Ordinal)) { }
            Assert.True((await HealthAsync()).Slots >= 1, "the generation should be running after its first token");
        } // disposing the response aborts the request

        var stopped = await WaitAsync(h => h.Slots == 0);
        await Task.Delay(300);
        var later = await HealthAsync();

        Assert.Equal(before.Cancelled + 1, stopped.Cancelled);
        Assert.InRange(stopped.Tokens - before.Tokens, 1, maxTokens - 1);
        Assert.Equal(stopped.Tokens, later.Tokens); // no longer rising
    }

    private async Task<(int Slots, long Tokens, long Cancelled)> WaitAsync(Func<(int Slots, long Tokens, long Cancelled), bool> condition)
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (true)
        {
            var health = await HealthAsync();
            if (condition(health)) return health;
            await Task.Delay(50, cts.Token);
        }
    }

    private async Task<(int Slots, long Tokens, long Cancelled)> HealthAsync()
    {
        var json = await _http.GetFromJsonAsync<JsonElement>("health");
        Assert.Equal("ok", json.GetProperty("status").GetString());
        return (json.GetProperty("slots_processing").GetInt32(), json.GetProperty("tokens_predicted_total").GetInt64(), json.GetProperty("requests_cancelled_total").GetInt64());
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
    }
}
