using System.Text.Json;
using Workbench.Web.Tests.Hosting;
using Xunit;

namespace Workbench.Web.Tests.Hubs;

/// <summary><c>/hubs/generation</c> spoken to in the SignalR JSON protocol, against the real worker and model.</summary>
public sealed class GenerationHubTests(WorkbenchAppFactory app) : IClassFixture<WorkbenchAppFactory>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task StreamChat_StreamsTokenItems_ThenAFinalItemWithFinishReasonAndUsage()
    {
        await using var hub = await ConnectAsync();
        await hub.StreamInvocationAsync("1", "StreamChat", [Request(maxTokens: 24)], Cancel());

        var items = new List<JsonElement>();
        JsonElement message;
        while ((message = await hub.ReceiveAsync(Cancel())).GetProperty("type").GetInt32() == 2)
        {
            items.Add(message.GetProperty("item"));
        }

        Assert.Equal(3, message.GetProperty("type").GetInt32());
        Assert.False(message.TryGetProperty("error", out var error), error.ToString());
        var tokens = items.Where(i => i.TryGetProperty("tokenId", out _)).ToList();
        Assert.True(tokens.Count >= 2, $"{tokens.Count} token items");
        Assert.Contains(tokens, t => t.GetProperty("text").GetString()!.Length > 0);
        Assert.All(tokens, t => Assert.True(t.GetProperty("logprob").GetSingle() <= 0));
        var last = items[^1];
        Assert.Contains(last.GetProperty("finishReason").GetString(), new[] { "stop", "length" });
        Assert.Equal(tokens.Count, last.GetProperty("usage").GetProperty("completionTokens").GetInt32());
        Assert.True(last.GetProperty("usage").GetProperty("promptTokens").GetInt32() > 0);
        Assert.True(last.GetProperty("timings").GetProperty("ttftMs").GetDouble() >= 0);
    }

    [Fact]
    public async Task CancelInvocation_StopsTheStreamLongBeforeMaxTokens()
    {
        await using var hub = await ConnectAsync();
        // The grammar withholds end-of-text, so without the cancel this stream would run to max_tokens.
        await hub.StreamInvocationAsync("7", "StreamChat", [Request(maxTokens: 1800, grammar: "root ::= [a-z ]+ \"~~~~~~~~\"")], Cancel());
        var first = await hub.ReceiveAsync(Cancel());
        Assert.Equal(2, first.GetProperty("type").GetInt32());

        await hub.CancelInvocationAsync("7", Cancel());
        var received = 1;
        JsonElement message;
        while ((message = await hub.ReceiveAsync(Cancel())).GetProperty("type").GetInt32() == 2) received++;

        Assert.Equal(3, message.GetProperty("type").GetInt32());
        Assert.Equal("7", message.GetProperty("invocationId").GetString());
        Assert.True(received < 1800, $"{received} items arrived after the cancel");
    }

    [Fact]
    public async Task StreamChat_OutOfRangeParameter_CompletesWithAnErrorNamingTheField()
    {
        await using var hub = await ConnectAsync();
        await hub.StreamInvocationAsync("3", "StreamChat", [Request(maxTokens: 8, temperature: 5f)], Cancel());

        var message = await hub.ReceiveAsync(Cancel());

        Assert.Equal(3, message.GetProperty("type").GetInt32());
        Assert.Contains("'temperature'", message.GetProperty("error").GetString());
    }

    private async Task<SignalRJsonClient> ConnectAsync()
    {
        await app.StartReadyAsync();
        var ws = app.Server.CreateWebSocketClient();
        return await SignalRJsonClient.ConnectAsync(app.CreateClient(), "/hubs/generation",
            (uri, ct) => ws.ConnectAsync(uri, ct), Cancel());
    }

    private static object Request(int maxTokens, float? temperature = null, string? grammar = null) => new
    {
        messages = new[] { new { role = "system", content = "You tell stories." }, new { role = "user", content = "Tell me a story." } },
        maxTokens,
        temperature,
        seed = 11,
        topLogprobs = 2,
        grammar,
    };

    private static CancellationToken Cancel() => new CancellationTokenSource(Timeout).Token;
}
