using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace Workbench.Engine.Tests.Serving;

/// <summary>Server-sent events of <c>/v1/chat/completions</c> and <c>/v1/completions</c>, on the raw wire.</summary>
[Collection(ApiCollection.Name)]
public sealed class OpenAiApiStreamingTests(ApiServerFixture server)
{
    private static object ChatBody(int maxTokens, bool includeUsage = true, bool logprobs = false) => new
    {
        messages = new[] { new { role = "user", content = "Once upon a time" } },
        stream = true,
        stream_options = new { include_usage = includeUsage },
        max_tokens = maxTokens,
        logprobs,
        top_logprobs = logprobs ? 2 : 0,
    };

    [Fact]
    public async Task ChatStream_Framing_IsDataEventsEndingWithDone()
    {
        var (response, text) = await ApiTestJson.PostStreamAsync(server.Http, "/v1/chat/completions", ChatBody(10, logprobs: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-cache", response.Headers.CacheControl?.ToString());
        Assert.EndsWith("\n\n", text);
        var events = text[..^2].Split("\n\n");
        Assert.All(events, e => Assert.StartsWith("data: ", e));
        Assert.All(events, e => Assert.DoesNotContain('\n', e));
        Assert.Equal("data: [DONE]", events[^1]);

        var chunks = events[..^1].Select(e => JsonNode.Parse(e["data: ".Length..])!).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", (string?)c["object"]));
        Assert.Single(chunks.Select(c => (string?)c["id"]).Distinct());
        Assert.Equal("assistant", (string?)chunks[0]["choices"]![0]!["delta"]!["role"]);

        var usageChunk = chunks[^1];
        Assert.Empty(usageChunk["choices"]!.AsArray());
        Assert.Equal(10, (int)usageChunk["usage"]!["completion_tokens"]!);
        var finalChunk = chunks[^2];
        Assert.Equal("length", (string?)finalChunk["choices"]![0]!["finish_reason"]);
        var timings = finalChunk["timings"]!;
        Assert.Equal(10, (int)timings["predicted_n"]!);
        Assert.True((double)timings["ttft_ms"]! > 0);
        Assert.True((double)timings["prompt_per_second"]! > 0);

        var tokenChunks = chunks.Skip(1).Take(chunks.Count - 3).ToList();
        Assert.Equal(10, tokenChunks.Count(c => c["choices"]![0]!["logprobs"] is not null));
        Assert.All(tokenChunks, c => Assert.Null(c["choices"]![0]!["finish_reason"]));
        var entry = tokenChunks[0]["choices"]![0]!["logprobs"]!["content"]![0]!;
        Assert.Equal(2, entry["top_logprobs"]!.AsArray().Count);
        Assert.True((double)entry["logprob"]! <= 0);
        Assert.NotNull(entry["bytes"]!.AsArray());
    }

    [Fact]
    public async Task ChatStream_WithoutIncludeUsage_HasNoUsageChunk()
    {
        var (_, text) = await ApiTestJson.PostStreamAsync(server.Http, "/v1/chat/completions", ChatBody(3, includeUsage: false));
        var events = text[..^2].Split("\n\n");
        Assert.DoesNotContain(events, e => e.Contains("\"usage\""));
        Assert.Contains("finish_reason\":\"length\"", events[^2]);
    }

    [Fact]
    public async Task CompletionStream_ChunksAreTextCompletions()
    {
        var (response, text) = await ApiTestJson.PostStreamAsync(server.Http, "/v1/completions",
            new { prompt = "The little dog", stream = true, max_tokens = 5 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = text[..^2].Split("\n\n");
        Assert.Equal("data: [DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonNode.Parse(e["data: ".Length..])!).ToList();
        Assert.All(chunks, c => Assert.Equal("text_completion", (string?)c["object"]));
        Assert.Equal("length", (string?)chunks[^1]["choices"]![0]!["finish_reason"]);
    }

    [Fact]
    public async Task ChatStream_ClientDisconnect_StopsGeneration_AndNextRequestWorks()
    {
        const int maxTokens = 4000; // seconds of generation even on a quiet machine: the disconnect must arrive first
        var before = server.Engine.Records.Count;
        var body = new
        {
            messages = new[] { new { role = "user", content = "Say a" } },
            stream = true,
            max_tokens = maxTokens,
            grammar = "root ::= \"a\" root", // never completes: only max_tokens or a cancel can end it
        };
        using (var cts = new CancellationTokenSource())
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = ApiTestJson.Json(body) };
            var response = await server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var stream = await response.Content.ReadAsStreamAsync(cts.Token);
            var buffer = new byte[256];
            Assert.True(await stream.ReadAsync(buffer, cts.Token) > 0);
            response.Dispose(); // closes the connection mid-stream
        }

        var record = await server.Engine.WaitForRecordAsync(before, TimeSpan.FromSeconds(30));
        Assert.True(record.CancellationRequested, "the request's abort token reached the engine");
        Assert.NotEqual(Inference.FinishReason.Length, record.FinishReason);
        Assert.True(record.Tokens < maxTokens, $"generated {record.Tokens} of {maxTokens} tokens");

        var (status, next) = await ApiTestJson.PostAsync(server.Http, "/v1/chat/completions",
            new { messages = new[] { new { role = "user", content = "Hi" } }, max_tokens = 3 });
        Assert.Equal(200, status);
        Assert.Equal(3, (int)next["usage"]!["completion_tokens"]!);
    }
}
