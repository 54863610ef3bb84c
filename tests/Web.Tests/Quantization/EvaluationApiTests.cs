using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Engine.Evaluation;
using Workbench.Engine.Native;

namespace Workbench.Web.Tests.Quantization;

/// <summary><c>POST /api/perplexity</c> and <c>POST /api/quantize/compare</c> on the real app, through its real
/// model-tool processes.</summary>
public sealed class EvaluationApiTests(EvaluationAppFixture fixture) : IClassFixture<EvaluationAppFixture>
{
    [Fact]
    public async Task Perplexity_AnswersLlamaPerplexitysNumbers_InSnakeCase()
    {
        using var http = fixture.App.CreateClient();

        using var response = await http.PostAsJsonAsync("/api/perplexity", new { model = QuantizedModelsFixture.SourceName, n_ctx = 128 });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        LlamaBackend.Initialize(fixture.Models.Options);
        PerplexityResult direct = PerplexityCalculator.Compute(fixture.Models.SourcePath, EvaluationTexts.Default, 128, fixture.Models.Options);
        Assert.Equal(direct.Perplexity, body.GetProperty("perplexity").GetDouble(), 9);
        Assert.Equal(direct.Chunks, body.GetProperty("n_chunks").GetInt32());
        Assert.Equal(direct.Tokens, body.GetProperty("n_tokens").GetInt32());
        Assert.Equal(128, body.GetProperty("n_ctx").GetInt32());
    }

    [Theory]
    [InlineData("""{"model":"no-such.gguf"}""", 404)]
    [InlineData("""{"n_ctx":128}""", 400)]
    [InlineData("""{"model":"stories260K.gguf","n_ctx":2}""", 400)]
    [InlineData("""{"model":"stories260K.gguf","n_ctx":128,"text":"Too short."}""", 422)]
    public async Task Perplexity_BadInput_IsAProblemDetails(string json, int status)
    {
        using var http = fixture.App.CreateClient();

        using var response = await http.PostAsync("/api/perplexity", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Compare_AnswersOneRowPerFile_SourceFirst()
    {
        using var http = fixture.App.CreateClient();

        using var response = await http.PostAsJsonAsync("/api/quantize/compare", new
        {
            source = QuantizedModelsFixture.SourceName,
            models = new[] { QuantizedModelsFixture.Q8Name, QuantizedModelsFixture.Q2Name },
            n_ctx = 128,
            prompt = "Once upon a time",
        });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = body.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal([QuantizedModelsFixture.SourceName, QuantizedModelsFixture.Q8Name, QuantizedModelsFixture.Q2Name],
            rows.Select(r => r.GetProperty("name").GetString()));
        Assert.True(rows[0].GetProperty("is_source").GetBoolean());
        Assert.True(rows[2].GetProperty("kl_divergence").GetDouble() > rows[1].GetProperty("kl_divergence").GetDouble());
        Assert.True(rows[2].GetProperty("bits_per_weight").GetDouble() < rows[1].GetProperty("bits_per_weight").GetDouble());
        Assert.All(rows, r => Assert.False(string.IsNullOrEmpty(r.GetProperty("greedy_output").GetString())));
        Assert.Equal("Once upon a time", body.GetProperty("prompt").GetString());
    }

    [Fact]
    public async Task Compare_AnUnknownFile_Is404()
    {
        using var http = fixture.App.CreateClient();

        using var response = await http.PostAsJsonAsync("/api/quantize/compare", new { source = QuantizedModelsFixture.SourceName, models = new[] { "nope.gguf" } });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/perplexity")]
    [InlineData("/api/quantize/compare")]
    public async Task InClassroomMode_NobodySignedIn_Is401(string path)
    {
        using var http = fixture.Classroom.CreateClient();

        using var response = await http.PostAsJsonAsync(path, new { model = QuantizedModelsFixture.SourceName, source = QuantizedModelsFixture.SourceName });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
