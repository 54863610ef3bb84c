using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Lab.Classrooms;
using Workbench.Lab.Quotas;
using Workbench.Web.Tests.Hosting;

namespace Workbench.Web.Tests.Apis;

/// <summary>The engine API proxy charges generations to the signed-in student's class quotas, through the real app
/// and worker (<see cref="ProxyQuotaAppFixture"/>).</summary>
public sealed class EngineApiProxyQuotaTests(ProxyQuotaAppFixture fixture) : IClassFixture<ProxyQuotaAppFixture>
{
    private static readonly object Chat = new
    {
        messages = new[] { new { role = "user", content = "Once upon a time" } },
        max_tokens = 6,
        seed = 1,
    };

    [Fact]
    public async Task Completions_PastTheRequestsPerMinute_Answer429RateLimitExceeded_OtherRoutesStillForward()
    {
        var http = fixture.Rita.Http;

        using var chat = await http.PostAsJsonAsync("/v1/chat/completions", Chat);
        using var completion = await http.PostAsJsonAsync("/v1/completions", new { prompt = "Once upon a time", max_tokens = 4 });
        using var refused = await http.PostAsJsonAsync("/v1/chat/completions", Chat);

        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        Assert.Equal(HttpStatusCode.OK, completion.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var error = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());
        Assert.Equal("requests", error.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
        Assert.Matches(@"^You have made 2 of your 2 requests per minute; try again in \d+ s\.$", error.GetProperty("message").GetString());
        var retryAfter = Assert.Single(refused.Headers.GetValues("Retry-After"));
        Assert.InRange(int.Parse(retryAfter), 1, 60);
        Assert.Equal(2, fixture.Gate.GetUsage(fixture.UserIds["Rita"]).Requests); // the refused one is not counted
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v1/models")).StatusCode);
    }

    [Fact]
    public async Task NonStreamingCompletion_ChargesUsageTotalTokens_ThenTheTokenQuotaRefuses()
    {
        var http = fixture.Nora.Http;

        using var response = await http.PostAsJsonAsync("/v1/chat/completions", Chat);
        var body = await response.Content.ReadAsStringAsync();
        using var refused = await http.PostAsJsonAsync("/v1/chat/completions", Chat);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var total = JsonDocument.Parse(body).RootElement.GetProperty("usage").GetProperty("total_tokens").GetInt32();
        Assert.True(total > 1);
        Assert.Equal(total, fixture.Gate.GetUsage(fixture.UserIds["Nora"]).Tokens);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var error = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("tokens", error.GetProperty("type").GetString());
        Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());
        Assert.StartsWith($"You have used {total:N0} of your 1 tokens per minute; try again in ", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Stream_WithoutUsage_ChargesContentChunksPlusPromptTokens_ThenTheTokenQuotaRefuses()
    {
        var http = fixture.Sam.Http;

        var chunks = await StreamAsync(http, includeUsage: false);
        using var refused = await http.PostAsJsonAsync("/v1/chat/completions", Chat);

        Assert.DoesNotContain(chunks, c => c.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object);
        var contentChunks = chunks.Count(c => c.GetProperty("choices").EnumerateArray()
            .Any(choice => choice.GetProperty("delta").TryGetProperty("content", out var content) && content.GetString() is { Length: > 0 }));
        var promptTokens = chunks.Last().GetProperty("timings").GetProperty("prompt_n").GetInt32();
        Assert.True(contentChunks >= 1);
        Assert.True(promptTokens >= 1);
        Assert.Equal(contentChunks + promptTokens, fixture.Gate.GetUsage(fixture.UserIds["Sam"]).Tokens);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("tokens", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Stream_WithIncludeUsage_ChargesTheUsageChunksTotalTokens()
    {
        var before = fixture.Gate.GetUsage(fixture.UserIds["Una"]);

        var chunks = await StreamAsync(fixture.Una.Http, includeUsage: true);

        var usage = chunks.Single(c => c.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object).GetProperty("usage");
        var after = fixture.Gate.GetUsage(fixture.UserIds["Una"]);
        Assert.Equal(before.Requests + 1, after.Requests);
        Assert.Equal(before.Tokens + usage.GetProperty("total_tokens").GetInt32(), after.Tokens);
    }

    /// <summary>Streams a chat completion through the proxy; returns its JSON chunks (after checking <c>[DONE]</c>).</summary>
    internal static async Task<List<JsonElement>> StreamAsync(HttpClient http, bool includeUsage)
    {
        using var response = await http.PostAsJsonAsync("/v1/chat/completions", new
        {
            messages = new[] { new { role = "user", content = "Tell me a story." } },
            max_tokens = 8,
            seed = 3,
            stream = true,
            stream_options = new { include_usage = includeUsage },
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var data = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e.Trim()["data: ".Length..]).ToList();
        Assert.Equal("[DONE]", data[^1]);
        return data[..^1].Select(d => JsonDocument.Parse(d).RootElement.Clone()).ToList();
    }
}

/// <summary>Self-paced mode (the local learner, no class): the proxy queues generations through the gate but
/// never refuses them.</summary>
public sealed class EngineApiProxySelfPacedTests(WorkbenchAppFactory app) : IClassFixture<WorkbenchAppFactory>
{
    [Fact]
    public async Task Completions_AreNeverRateLimited_AndStillCountedForTheLocalLearner()
    {
        await app.StartReadyAsync();
        var gate = app.Services.GetRequiredService<EngineAccessGate>();
        var http = app.CreateClient();
        var before = gate.GetUsage(LocalLearner.UserId);
        var charged = 0;

        for (var i = 0; i < 4; i++)
        {
            using var response = await http.PostAsJsonAsync("/v1/chat/completions", new
            {
                messages = new[] { new { role = "user", content = "Once upon a time" } },
                max_tokens = 4,
            });
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            charged += JsonDocument.Parse(body).RootElement.GetProperty("usage").GetProperty("total_tokens").GetInt32();
        }
        var chunks = await EngineApiProxyQuotaTests.StreamAsync(http, includeUsage: false);

        Assert.NotEmpty(chunks);
        var after = gate.GetUsage(LocalLearner.UserId);
        Assert.Equal(before.Requests + 5, after.Requests);
        Assert.True(after.Tokens > before.Tokens + charged);
        Assert.Equal(0, gate.ActiveCount); // every lease was released
    }
}
