using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace Workbench.Engine.Tests.Serving;

/// <summary>Every rejection of section 4 answers with OpenAI's error envelope and the right status.</summary>
[Collection(ApiCollection.Name)]
public sealed class OpenAiApiErrorTests(ApiServerFixture server)
{
    private static readonly object[] OneMessage = [new { role = "user", content = "Hello" }];

    private async Task<JsonNode> ExpectAsync(int status, object body, string type = "invalid_request_error", string? param = null,
        string? code = null, string path = "/v1/chat/completions")
    {
        var (actual, json) = await ApiTestJson.PostAsync(server.Http, path, body);
        Assert.Equal(status, actual);
        return ApiTestJson.AssertError(json, type, param, code);
    }

    [Theory]
    [InlineData("{\"messages\": [")]
    [InlineData("not json")]
    [InlineData("")]
    public Task InvalidJson_Is400(string body) => ExpectAsync(400, body, code: "invalid_json");

    [Fact]
    public Task WrongFieldType_Is400NamingTheField() =>
        ExpectAsync(400, "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":\"hot\"}", param: "temperature", code: "invalid_json");

    [Fact]
    public async Task UnknownModel_Is400()
    {
        var error = await ExpectAsync(400, new { model = "gpt-4o", messages = OneMessage }, param: "model", code: "model_not_found");
        Assert.Contains(server.Model.Id, (string?)error["message"]);
    }

    [Theory]
    [InlineData("temperature", 5.0)]
    [InlineData("top_p", 0.0)]
    [InlineData("min_p", 1.5)]
    [InlineData("presence_penalty", -3.0)]
    [InlineData("frequency_penalty", 2.5)]
    [InlineData("top_k", -1.0)]
    public Task OutOfRangeParameter_Is400NamingIt(string param, double value)
    {
        var body = new JsonObject { ["messages"] = JsonNode.Parse("[{\"role\":\"user\",\"content\":\"hi\"}]"), [param] = value };
        return ExpectAsync(400, body.ToJsonString(), param: param, code: "invalid_value");
    }

    [Theory]
    [InlineData("{\"messages\":[]}", "messages")]
    [InlineData("{\"model\":\"\"}", "messages")]
    [InlineData("{\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]}", "messages[0].role")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":0}", "max_tokens")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"top_logprobs\":3}", "top_logprobs")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"logprobs\":true,\"top_logprobs\":21}", "top_logprobs")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}", "stop")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"n\":2}", "n")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"seed\":-5}", "seed")]
    public Task InvalidRequest_Is400NamingTheField(string body, string param) => ExpectAsync(400, body, param: param);

    [Fact]
    public async Task PromptLongerThanContext_Is400ContextLengthExceeded()
    {
        var longText = new StringBuilder().Insert(0, "the cat sat on the big red mat and ", 800).ToString();
        var tokens = await server.Engine.TokenizeAsync(longText, true, true, CancellationToken.None);
        Assert.True(tokens.Count > ApiServerFixture.ContextSize, "the prompt must exceed the window");

        var error = await ExpectAsync(400, new { messages = new[] { new { role = "user", content = longText } } },
            param: "messages", code: "context_length_exceeded");
        Assert.Contains(ApiServerFixture.ContextSize.ToString(), (string?)error["message"]);
        Assert.Equal(ApiServerFixture.ContextSize, (int)error["n_ctx"]!);

        // Streaming too: the check happens before any header, so it is a plain 400, not an event.
        await ExpectAsync(400, new { messages = new[] { new { role = "user", content = longText } }, stream = true },
            param: "messages", code: "context_length_exceeded");
        await ExpectAsync(400, new { prompt = longText, stream = true }, param: "prompt", code: "context_length_exceeded", path: "/v1/completions");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task InvalidGrammar_Is400(bool stream) =>
        ExpectAsync(400, new { messages = OneMessage, grammar = "root ::= (((", stream }, param: "grammar", code: "invalid_grammar");

    [Fact]
    public Task UnknownChatTemplate_Is400() =>
        ExpectAsync(400, new { messages = OneMessage, chat_template = "no-such-template" }, param: "chat_template", code: "invalid_chat_template");

    [Fact]
    public Task LoadMissingModel_Is400() =>
        ExpectAsync(400, new { path = "no-such-model.gguf" }, param: "path", code: "model_load_failed", path: "/models/load");

    /// <summary>Issue 10, finding 5: the worker loaded any readable .gguf on the host, and its errors told a missing
    /// file from an existing one. Now a real model outside the model folders and a missing file get the same bytes.</summary>
    [Fact]
    public async Task LoadOutsideTheModelFolders_AndLoadMissing_GiveByteIdenticalErrors()
    {
        using var outside = new TestSupport.TempDirectory();
        var copy = outside.File("copy.gguf");
        File.Copy(ApiServerFixture.ModelPath(ApiServerFixture.ModelFileName), copy);
        var before = server.Engine.Model;

        using var refused = await server.Http.PostAsync("/models/load", ApiTestJson.Json(new { path = copy }));
        using var missing = await server.Http.PostAsync("/models/load", ApiTestJson.Json(new { path = outside.File("missing.gguf") }));
        using var missingName = await server.Http.PostAsync("/models/load", ApiTestJson.Json(new { path = "missing.gguf" }));

        var refusedBody = await refused.Content.ReadAsByteArrayAsync();
        Assert.Equal(400, (int)refused.StatusCode);
        Assert.Equal(400, (int)missing.StatusCode);
        Assert.Equal(refusedBody, await missing.Content.ReadAsByteArrayAsync());
        Assert.Equal(refusedBody, await missingName.Content.ReadAsByteArrayAsync());
        var error = ApiTestJson.AssertError(System.Text.Json.Nodes.JsonNode.Parse(refusedBody)!, "invalid_request_error", "path", "model_load_failed");
        Assert.Equal(Workbench.Engine.Models.ModelCatalog.NotLoadableMessage, (string?)error["message"]);
        Assert.Same(before, server.Engine.Model);
    }

    [Fact]
    public Task LoadNonGguf_Is400() =>
        ExpectAsync(400, new { path = Path.Combine(AppContext.BaseDirectory, "Workbench.Engine.dll") }, param: "path", code: "model_load_failed", path: "/models/load");
}
