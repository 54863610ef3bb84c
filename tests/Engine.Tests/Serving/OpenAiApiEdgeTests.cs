using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace Workbench.Engine.Tests.Serving;

/// <summary>Issue 10 finding 7 on the real API (Kestrel, real model): body limits answer 413 in OpenAI's shape,
/// a wrong method 405 with a JSON body, <c>max_tokens</c> above the context window and malformed <c>logit_bias</c> 400.</summary>
[Collection(ApiCollection.Name)]
public sealed class OpenAiApiEdgeTests(ApiServerFixture server)
{
    private static string ChatWithContentOf(int bytes) =>
        "{\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('a', bytes) + "\"}],\"max_tokens\":1}";

    /// <summary>Posts JSON with <c>Expect: 100-continue</c>, as curl and the SDKs do for large bodies: a server that
    /// refuses the body answers before it is sent (otherwise the client may see its write fail first).</summary>
    private Task<HttpResponseMessage> PostExpectingContinueAsync(string path, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = ApiTestJson.Json(json) };
        request.Headers.ExpectContinue = true;
        return server.Http.SendAsync(request);
    }

    private static async Task<JsonNode> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code, string? param = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return ApiTestJson.AssertError(JsonNode.Parse(text)!, "invalid_request_error", param, code);
    }

    [Fact]
    public async Task ChatBodyAboveFourMegabytes_Is413RequestTooLarge_AndTheServerStillAnswers()
    {
        using var response = await PostExpectingContinueAsync("/v1/chat/completions", ChatWithContentOf(35 * 1024 * 1024));
        await AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "request_too_large");

        var (status, _) = await ApiTestJson.PostAsync(server.Http, "/tokenize", new { content = "still here" });
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task ChunkedChatBodyAboveTheLimit_Is413_EvenWithoutContentLength()
    {
        // Just over the limit, so the whole body is in the socket's buffers before the server refuses it.
        var bytes = Encoding.UTF8.GetBytes(ChatWithContentOf(4 * 1024 * 1024 + 1024));
        var content = new StreamContent(new MemoryStream(bytes));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await server.Http.SendAsync(request);
        await AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "request_too_large");
    }

    [Fact]
    public async Task TokenizeBodyAbove256Kilobytes_Is413_ButJustBelowIsServed()
    {
        using var tooLarge = await PostExpectingContinueAsync("/tokenize", "{\"content\":\"" + new string('a', 10 * 1024 * 1024) + "\"}");
        await AssertErrorAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge, "request_too_large");

        using var fits = await server.Http.PostAsync("/tokenize", ApiTestJson.Json("{\"content\":\"" + new string('a', 200 * 1024) + "\"}"));
        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/v1/chat/completions", "POST")]
    [InlineData("DELETE", "/v1/completions", "POST")]
    [InlineData("GET", "/tokenize", "POST")]
    [InlineData("POST", "/v1/models", "GET")]
    public async Task WrongMethod_Is405WithOpenAiErrorAndAllow(string method, string path, string allowed)
    {
        using var response = await server.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        await AssertErrorAsync(response, HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        Assert.Equal([allowed], response.Content.Headers.Allow);
    }

    [Theory]
    [InlineData("max_tokens")]
    [InlineData("max_completion_tokens")]
    [InlineData("n_predict")]
    public async Task MaxTokensAboveTheContextWindow_Is400NamingIt(string param)
    {
        var body = new JsonObject
        {
            ["messages"] = JsonNode.Parse("[{\"role\":\"user\",\"content\":\"hi\"}]"),
            [param] = 1_000_000_000,
        };
        var (status, json) = await ApiTestJson.PostAsync(server.Http, "/v1/chat/completions", body.ToJsonString());
        Assert.Equal(400, status);
        var error = ApiTestJson.AssertError(json, "invalid_request_error", param, "invalid_value");
        Assert.Contains(ApiServerFixture.ContextSize.ToString(), (string?)error["message"]);
    }

    [Fact]
    public async Task MaxTokensEqualToTheContextWindow_IsAccepted()
    {
        var (status, json) = await ApiTestJson.PostAsync(server.Http, "/v1/completions",
            new { prompt = "Once", max_tokens = ApiServerFixture.ContextSize, stop = new[] { " " }, temperature = 0 });
        Assert.True(status == 200, json.ToJsonString());
    }

    [Theory]
    [InlineData("\"garbage\"")]
    [InlineData("[1, 2]")]
    [InlineData("{\"abc\": 1}")]
    [InlineData("{\"-1\": 1}")]
    [InlineData("{\"5\": 500}")]
    [InlineData("{\"5\": \"high\"}")]
    [InlineData("{\"99999999\": 1}")]
    public async Task MalformedLogitBias_Is400NamingIt(string logitBias)
    {
        var body = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":1,\"logit_bias\":" + logitBias + "}";
        var (status, json) = await ApiTestJson.PostAsync(server.Http, "/v1/chat/completions", body);
        Assert.Equal(400, status);
        ApiTestJson.AssertError(json, "invalid_request_error", "logit_bias", "invalid_value");
    }

    [Fact]
    public async Task LogitBiasPlusHundred_OverTheWire_ForcesTheToken()
    {
        var (_, tokenized) = await ApiTestJson.PostAsync(server.Http, "/tokenize", new { content = "dragon", add_special = false, with_pieces = true });
        var last = tokenized["tokens"]!.AsArray()[^1]!; // mid-word: a piece without the leading-space marker
        var token = (int)last["id"]!;
        var text = (string?)last["piece"];
        var body = "{\"prompt\":\"Once upon a time\",\"max_tokens\":4,\"temperature\":0,\"logit_bias\":{\"" + token + "\":100}}";

        var (status, json) = await ApiTestJson.PostAsync(server.Http, "/v1/completions", body);

        Assert.True(status == 200, json.ToJsonString());
        Assert.False(string.IsNullOrEmpty(text));
        Assert.Equal(string.Concat(Enumerable.Repeat(text, 4)), (string?)json["choices"]![0]!["text"]);
    }

    [Fact]
    public async Task LogitBias_TravelsThroughRemoteInferenceEngine()
    {
        using var http = new HttpClient();
        var remote = new Workbench.Engine.Serving.RemoteInferenceEngine(http, () => new Uri(server.BaseUrl));
        var run = await Workbench.Engine.Tests.Generation.GenerationRun.CollectAsync(remote, new Workbench.Engine.Inference.GenerationRequest
        {
            Prompt = "Once upon a time", MaxTokens = 4,
            Sampling = new Workbench.Engine.Sampling.SamplingOptions { Temperature = 0, LogitBias = new Dictionary<int, float> { [42] = 100 } },
        });
        Assert.Equal([42, 42, 42, 42], run.Ids);
    }
}
