using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workbench.Engine;
using Workbench.Engine.Inference;
using Workbench.Engine.Serving;
using Workbench.Lab.Quotas;

namespace Workbench.Lab.Tests.Quotas;

/// <summary>
/// A quota error through the engine's OpenAI-compatible API (as the grading gateway serves it): HTTP 429 with
/// OpenAI's error envelope, code <c>rate_limit_exceeded</c>; <see cref="RemoteInferenceEngine"/> turns it back into
/// a <see cref="RateLimitException"/>.
/// </summary>
public sealed class QuotaErrorOverHttpTests(QuotaEngineFixture fixture) : IClassFixture<QuotaEngineFixture>
{
    private static readonly object Chat = new { messages = new[] { new { role = "user", content = "Tell me a story." } }, max_tokens = 4 };

    [Fact]
    public async Task ChatCompletions_OverTheRequestQuota_Answers429RateLimitExceededInOpenAisShape()
    {
        await using var app = await StartAsync(requestsPerMinute: 1);
        using var http = new HttpClient { BaseAddress = app.Address };

        using var first = await http.PostAsJsonAsync("/v1/chat/completions", Chat);
        using var second = await http.PostAsJsonAsync("/v1/chat/completions", Chat);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        var error = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());
        Assert.Equal("requests", error.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
        Assert.Equal("You have made 1 of your 1 requests per minute; try again in 60 s.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task RemoteInferenceEngine_OverTheRequestQuota_ThrowsRateLimitException()
    {
        await using var app = await StartAsync(requestsPerMinute: 1);
        using var http = new HttpClient();
        await using var remote = new RemoteInferenceEngine(http, () => app.Address);
        var request = new GenerationRequest { Prompt = "Once upon a time", MaxTokens = 4 };
        await foreach (var _ in remote.GenerateAsync(request, CancellationToken.None)) { }

        var e = await Assert.ThrowsAsync<RateLimitException>(async () =>
        {
            await foreach (var _ in remote.GenerateAsync(request, CancellationToken.None)) { }
        });

        Assert.Contains("requests per minute", e.Message);
        Assert.Equal(RateLimitException.Requests, e.Limit);
    }

    private async Task<RunningApi> StartAsync(int requestsPerMinute)
    {
        var gate = new EngineAccessGate(2, new FixedQuotaPolicies(new() { ["class"] = new QuotaPolicy(requestsPerMinute, 0) }));
        var engine = new QuotaInferenceEngine(fixture.Engine, gate, () => new EngineCaller("ada", "class"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IInferenceEngine>(engine);
        builder.Services.AddSingleton(new EngineOptions());
        var app = builder.Build();
        app.MapOpenAiApi();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningApi(app, new Uri(address + "/"));
    }

    private sealed record RunningApi(WebApplication App, Uri Address) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
