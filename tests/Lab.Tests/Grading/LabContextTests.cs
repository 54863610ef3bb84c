using Microsoft.Extensions.AI;
using Workbench.Lab.Grading.Gateway;
using Workbench.Lab.Quotas;
using Workbench.Lab.Tests.TestSupport;
using Workbench.LabSdk;

namespace Workbench.Lab.Tests.Grading;

/// <summary>The lab SDK as sandboxed code uses it, against the fixture's real gateway and engine.</summary>
[Collection(GradingCollection.Name)]
public sealed class LabContextTests(GradingFixture fixture) : IAsyncLifetime
{
    private GatewayRegistration _registration = null!;
    private LabContext _lab = null!;

    public async Task InitializeAsync()
    {
        var socket = await fixture.Gateway.StartAsync(CancellationToken.None);
        _registration = fixture.Gateway.Register(EngineCaller.Anonymous);
        _lab = new LabContext(GradingGateway.Endpoint, fixture.Engine.Model!.Id, _registration.Token, socket);
    }

    public Task DisposeAsync()
    {
        _lab.Dispose();
        _registration.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ChatClient_GetResponseAsync_ReturnsTextFinishReasonAndUsage()
    {
        var response = await _lab.ChatClient.GetResponseAsync(
            [new ChatMessage(ChatRole.System, "You tell stories."), new ChatMessage(ChatRole.User, "Tell me about a cat.")],
            new ChatOptions { MaxOutputTokens = 8, Seed = 1, Temperature = 0 });

        Assert.NotNull(response.FinishReason);
        Assert.InRange(response.Usage!.OutputTokenCount!.Value, 1, 8);
        Assert.Equal(response.Usage.InputTokenCount + response.Usage.OutputTokenCount, response.Usage.TotalTokenCount);
        var exchange = Assert.Single(_lab.Exchanges);
        Assert.Equal(("POST", "/v1/chat/completions", 200), (exchange.Method, exchange.Path, exchange.StatusCode));
        Assert.Contains("\"max_tokens\":8", exchange.RequestBody);
        Assert.Contains(System.Text.Json.JsonSerializer.Serialize(response.Text), exchange.ResponseBody);
    }

    [Fact]
    public async Task ChatClient_Streaming_YieldsTheSameTextAsTheWholeAnswer()
    {
        ChatMessage[] messages = [new(ChatRole.User, "Tell me about a dog.")];
        var options = new ChatOptions { MaxOutputTokens = 12, Temperature = 0 };
        var whole = await _lab.ChatClient.GetResponseAsync(messages, options);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in _lab.ChatClient.GetStreamingResponseAsync(messages, options)) updates.Add(update);

        Assert.Equal(whole.Text, string.Concat(updates.Select(u => u.Text)));
        Assert.Contains(updates, u => u.FinishReason is not null);
        Assert.Contains(updates, u => u.Contents.OfType<UsageContent>().Any());
        Assert.EndsWith("data: [DONE]", _lab.Exchanges[^1].ResponseBody.Trim());
    }

    [Fact]
    public async Task TokenizeAsync_Text_ReturnsTheModelsTokens()
    {
        var tokens = await _lab.TokenizeAsync("Once upon a time");

        Assert.Equal(await fixture.Engine.TokenizeAsync("Once upon a time", false, true, CancellationToken.None), tokens);
        Assert.Equal("/tokenize", _lab.Exchanges[^1].Path);
    }

    [Fact]
    public async Task GatewayExchangeLog_RecordsTheRunsRequestsOnTheTrustedSide()
    {
        await _lab.TokenizeAsync("before");
        using (var http = _lab.CreateHttpClient())
        {
            using var response = await http.PostAsync("/v1/chat/completions", new StringContent("{\"messages\":[]}"));
        }
        await _registration.Exchanges!.WaitForQuietAsync(TimeSpan.FromSeconds(2), CancellationToken.None);

        var exchanges = _registration.Exchanges.Snapshot();
        Assert.Equal(["/tokenize", "/v1/chat/completions"], exchanges.Select(e => e.Path));
        var exchange = exchanges[^1];
        Assert.Equal(("POST", "{\"messages\":[]}", 400), (exchange.Method, exchange.RequestBody, exchange.StatusCode));
        Assert.Contains("messages", exchange.ResponseBody);
    }

    [Fact]
    public async Task GatewayExchangeLog_StreamedResponse_IsRecordedAsSent()
    {
        var text = new System.Text.StringBuilder();
        var options = new ChatOptions { MaxOutputTokens = 8, Seed = 3 };
        await foreach (var update in _lab.ChatClient.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Once upon a time")], options))
            text.Append(update.Text);
        await _registration.Exchanges!.WaitForQuietAsync(TimeSpan.FromSeconds(2), CancellationToken.None);

        var exchange = Assert.Single(_registration.Exchanges.Snapshot());
        Assert.Equal(("/v1/chat/completions", 200), (exchange.Path, exchange.StatusCode));
        Assert.Contains("\"stream\":true", exchange.RequestBody);
        Assert.Contains("data: [DONE]", exchange.ResponseBody);
        Assert.True(text.Length > 0);
    }

    [Fact]
    public async Task GatewayRegistration_NotRecorded_KeepsNoExchanges()
    {
        var socket = await fixture.Gateway.StartAsync(CancellationToken.None);
        using var judge = fixture.Gateway.Register(EngineCaller.Anonymous, recordExchanges: false);
        using var lab = new LabContext(GradingGateway.Endpoint, fixture.Engine.Model!.Id, judge.Token, socket);

        await lab.TokenizeAsync("the checks' own request");

        Assert.Null(judge.Exchanges);
        Assert.Empty(_registration.Exchanges!.Snapshot());
    }
}
