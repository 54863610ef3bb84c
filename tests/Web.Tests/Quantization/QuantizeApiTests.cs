using System.Net;
using System.Text.Json;
using Workbench.Web.Tests.Auth;
using Workbench.Web.Tests.Hosting;

namespace Workbench.Web.Tests.Quantization;

/// <summary>The real app (self-paced: the local learner) with its own output models folder.</summary>
public sealed class QuantizeAppFactory : IAsyncDisposable
{
    public WorkbenchAppFactory App { get; } = new();

    public string Output { get; } = Directory.CreateTempSubdirectory("wb-quant-api-").FullName;

    public QuantizeAppFactory() => App.Settings["Engine:OutputModelDirectory"] = Output;

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        try { Directory.Delete(Output, recursive: true); } catch (IOException) { }
    }
}

/// <summary>/api/quantize on the real app, its real model-tool child processes and the shared models.</summary>
public sealed class QuantizeApiTests(QuantizeAppFactory factory) : IClassFixture<QuantizeAppFactory>
{
    [Fact]
    public async Task Post_Stories260K_Q4_0_RunsToDone_AndTheModelListSeesTheOutput()
    {
        using var user = new WebUser(factory.App);

        var accepted = await user.PostJsonAsync("/api/quantize", new { source = "stories260K.gguf", type = "q4_0" }, HttpStatusCode.Accepted);
        var id = accepted.GetProperty("id").GetString()!;
        var job = await WaitAsync(user, id);

        Assert.Equal("done", job.GetProperty("status").GetString());
        Assert.Equal(1, job.GetProperty("progress").GetDouble());
        var output = job.GetProperty("output");
        Assert.Equal("stories260K-Q4_0.gguf", output.GetProperty("name").GetString());
        Assert.Equal(Path.Combine(factory.Output, "stories260K-Q4_0.gguf"), output.GetProperty("path").GetString());
        Assert.Equal(new FileInfo(Path.Combine(factory.Output, "stories260K-Q4_0.gguf")).Length, output.GetProperty("bytes").GetInt64());
        Assert.Contains(job.GetProperty("tensors").EnumerateArray(), t => t.GetProperty("type").GetString() == "q4_0");
        Assert.Contains((await user.GetJsonAsync("/api/quantize")).EnumerateArray(), j => j.GetProperty("id").GetString() == id);
        // The engine's model list (/v1/models through the proxy lists the catalog) and /models/load see the new file.
        await factory.App.StartReadyAsync();
        using var load = await user.Http.PostAsync("/models/load",
            new StringContent("{\"path\":\"stories260K-Q4_0.gguf\"}", System.Text.Encoding.UTF8, "application/json"));
        var loadBody = await load.Content.ReadAsStringAsync();
        Assert.True(load.IsSuccessStatusCode, loadBody);
        Assert.Contains("stories260K-Q4_0.gguf", loadBody);
    }

    [Theory]
    [InlineData("{\"source\":\"stories260K.gguf\",\"type\":\"Q4_9\"}", HttpStatusCode.BadRequest, "Unknown quantization type 'Q4_9'")]
    [InlineData("{\"source\":\"stories260K.gguf\"}", HttpStatusCode.BadRequest, "needs a \\\"type\\\"")]
    [InlineData("{\"type\":\"Q8_0\"}", HttpStatusCode.BadRequest, "needs a \\\"source\\\"")]
    [InlineData("{\"source\":\"missing.gguf\",\"type\":\"Q8_0\"}", HttpStatusCode.NotFound, "No loadable model")]
    [InlineData("{\"source\":\"/etc/passwd\",\"type\":\"Q8_0\"}", HttpStatusCode.NotFound, "No loadable model")]
    public async Task Post_BadInput_IsAProblemWithTheReason(string body, HttpStatusCode status, string detail)
    {
        using var user = new WebUser(factory.App);
        using var response = await user.Http.PostAsync("/api/quantize", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, text);
    }

    [Fact]
    public async Task QuantizedSourceWithoutTheFlag_FailsAsAJobWithTheReason()
    {
        using var user = new WebUser(factory.App);
        var accepted = await user.PostJsonAsync("/api/quantize", new { source = "TinyStories-656K-Q8_0.gguf", type = "Q4_0" }, HttpStatusCode.Accepted);
        var job = await WaitAsync(user, accepted.GetProperty("id").GetString()!);

        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Contains("already quantized", job.GetProperty("error").GetString());
        Assert.Empty(Directory.GetFiles(factory.Output, "TinyStories-656K-Q8_0-Q4_0*"));
    }

    [Fact]
    public async Task UnknownJob_Is404_AndACrossSiteStartIs403()
    {
        using var user = new WebUser(factory.App);
        await user.GetJsonAsync("/api/quantize/nope", HttpStatusCode.NotFound);
        await user.PostJsonAsync("/api/quantize/nope/cancel", null, HttpStatusCode.NotFound);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/quantize")
        {
            Content = new StringContent("{\"source\":\"stories260K.gguf\",\"type\":\"Q8_0\"}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", "https://evil.example");
        using var response = await user.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static async Task<JsonElement> WaitAsync(WebUser user, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var job = await user.GetJsonAsync($"/api/quantize/{id}");
            if (job.GetProperty("status").GetString() is "done" or "failed" or "cancelled" || DateTime.UtcNow > deadline) return job;
            await Task.Delay(50);
        }
    }
}
