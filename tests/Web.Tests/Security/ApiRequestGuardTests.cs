using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Workbench.Web.Tests.Hosting;

namespace Workbench.Web.Tests.Security;

/// <summary>Issue 10 findings 6 and 7 through the real app and worker (self-paced): state-changing API calls from
/// another site or with non-JSON bodies are refused, body limits answer 413 in OpenAI's shape (never the 503 of a
/// worker that is fine), and a wrong method gets OpenAI's JSON error.</summary>
public sealed class ApiRequestGuardTests(WorkbenchAppFactory app) : IClassFixture<WorkbenchAppFactory>, IAsyncLifetime
{
    private const string Chat = "{\"messages\":[{\"role\":\"user\",\"content\":\"Once upon a time\"}],\"max_tokens\":2}";
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        await app.StartReadyAsync();
        _http = app.CreateClient();
    }

    public Task DisposeAsync()
    {
        _http.Dispose();
        return Task.CompletedTask;
    }

    private async Task<HttpResponseMessage> PostAsync(string path, HttpContent content, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        configure?.Invoke(request);
        return await _http.SendAsync(request);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ErrorOf(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("error");
    }

    [Theory]
    [InlineData("/v1/chat/completions")]
    [InlineData("/v1/completions")]
    [InlineData("/tokenize")]
    [InlineData("/models/load")]
    public async Task ForeignOrigin_Is403InOpenAiShape_BeforeTheWorkerSeesIt(string path)
    {
        using var response = await PostAsync(path, Json("{}"), r => r.Headers.Add("Origin", "https://evil.example"));
        var error = await ErrorOf(response, HttpStatusCode.Forbidden);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("cross_origin_request", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task SecFetchSiteCrossSite_Is403_EvenWithoutOrigin()
    {
        using var response = await PostAsync("/v1/chat/completions", Json(Chat), r => r.Headers.Add("Sec-Fetch-Site", "cross-site"));
        await ErrorOf(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ForeignOrigin_OnTheLabApi_Is403ProblemDetails()
    {
        using var response = await PostAsync("/api/labs/01-chat-completions/exercises/quiz/submissions",
            Json("{\"answers\":{}}"), r => r.Headers.Add("Origin", "null"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/hubs/generation/negotiate?negotiateVersion=1")]
    [InlineData("/_blazor/negotiate?negotiateVersion=1")]
    public async Task ForeignOrigin_OnTheRealTimeEndpoints_Is403_OwnOriginNegotiates(string path)
    {
        // A cross-site page would otherwise open the signed-in user's hub stream or Blazor circuit with their cookie.
        using var foreign = await PostAsync(path, new StringContent(""), r => r.Headers.Add("Origin", "https://evil.example"));
        using var own = await PostAsync(path, new StringContent(""), r => r.Headers.Add("Origin", "http://localhost"));

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task ModelLoadBodyAboveSixteenKilobytes_Is413FromTheProxy_BeforeTheWorkerSeesIt()
    {
        // Under the guard's 64 KiB for the route, over the proxy's own 16 KiB for a load request.
        var path = new string('a', 20_000);
        using var response = await PostAsync("/models/load", Json($"{{\"path\":\"{path}\"}}"));

        var error = await ErrorOf(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("request_too_large", error.GetProperty("code").GetString());
        Assert.Equal("The request body is larger than 16384 bytes.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task OwnOrigin_AndNoOrigin_AreServed()
    {
        using var sameSite = await PostAsync("/v1/chat/completions", Json(Chat), r =>
        {
            r.Headers.Add("Origin", "http://localhost");
            r.Headers.Add("Sec-Fetch-Site", "same-origin");
        });
        using var sdkLike = await PostAsync("/v1/chat/completions", Json(Chat));
        Assert.Equal(HttpStatusCode.OK, sameSite.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sdkLike.StatusCode);
    }

    [Theory]
    [InlineData("/v1/chat/completions", "text/plain")]
    [InlineData("/v1/completions", "application/x-www-form-urlencoded")]
    [InlineData("/tokenize", "text/plain")]
    [InlineData("/models/load", "multipart/form-data; boundary=x")]
    public async Task NonJsonBody_OnAnEngineRoute_Is415InOpenAiShape(string path, string contentType)
    {
        var content = new StringContent("{\"content\":\"hi\"}");
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await PostAsync(path, content);
        var error = await ErrorOf(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("unsupported_media_type", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task NonJsonBody_OnTheLabApi_Is415()
    {
        var content = new StringContent("{\"answers\":{}}", Encoding.UTF8, "text/plain");
        using var response = await PostAsync("/api/labs/01-chat-completions/exercises/quiz/submissions", content);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task ThirtyFiveMegabyteChat_Is413RequestTooLarge_NotWorkerStopped()
    {
        var restarts = app.Supervisor.RestartCount;
        var body = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('a', 35 * 1024 * 1024) + "\"}]}";

        using var response = await PostAsync("/v1/chat/completions", Json(body));

        var error = await ErrorOf(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("request_too_large", error.GetProperty("code").GetString());
        Assert.Equal(restarts, app.Supervisor.RestartCount);
        using var next = await PostAsync("/v1/chat/completions", Json(Chat));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task TenMegabyteTokenize_Is413()
    {
        using var response = await PostAsync("/tokenize", Json("{\"content\":\"" + new string('a', 10 * 1024 * 1024) + "\"}"));
        var error = await ErrorOf(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("request_too_large", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task ChunkedTokenizeBodyAboveTheLimit_Is413_FromTheProxy()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"content\":\"" + new string('a', 300 * 1024) + "\"}");
        var content = new StreamContent(new MemoryStream(bytes));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await PostAsync("/tokenize", content, r => r.Headers.TransferEncodingChunked = true);
        var error = await ErrorOf(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("request_too_large", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task GetChatCompletions_Is405WithOpenAiErrorBody()
    {
        using var response = await _http.GetAsync("/v1/chat/completions");
        var error = await ErrorOf(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal("method_not_allowed", error.GetProperty("code").GetString());
        Assert.Contains("POST", response.Content.Headers.Allow);
    }
}
