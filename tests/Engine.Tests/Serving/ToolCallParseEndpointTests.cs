using Xunit;

namespace Workbench.Engine.Tests.Serving;

/// <summary><c>POST /tool-calls/parse</c> and the lazy-grammar wire fields (<c>grammar_lazy</c>,
/// <c>grammar_triggers</c>) through the real API.</summary>
[Collection(ApiCollection.Name)]
public sealed class ToolCallParseEndpointTests(ApiServerFixture server)
{
    [Fact]
    public async Task Parse_Hermes_ReturnsTheCallInTheApiShape_AndTheContentOutsideIt()
    {
        var text = "Let me look.\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>";
        var (status, json) = await ApiTestJson.PostAsync(server.Http, "/tool-calls/parse", new { format = "hermes", text });

        Assert.True(status == 200, json.ToJsonString());
        var call = Assert.Single(json["tool_calls"]!.AsArray())!;
        Assert.Equal("function", (string?)call["type"]);
        Assert.Equal("get_weather", (string?)call["function"]!["name"]);
        Assert.Equal("{\"city\":\"Paris\"}", (string?)call["function"]!["arguments"]);
        Assert.False(string.IsNullOrEmpty((string?)call["id"]));
        Assert.Equal("Let me look.\n", (string?)json["content"]);
        Assert.NotNull(json["diagnostics"]);
    }

    [Fact]
    public async Task Parse_WrongFormat_LeavesTheCallAsContent_WithADiagnostic()
    {
        var text = "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {}}\n</tool_call>";
        var (status, json) = await ApiTestJson.PostAsync(server.Http, "/tool-calls/parse", new { format = "mistral", text });

        Assert.Equal(200, status);
        Assert.Empty(json["tool_calls"]!.AsArray());
        Assert.Equal(text, (string?)json["content"]);
        Assert.NotEmpty(json["diagnostics"]!.AsArray());
    }

    [Fact]
    public async Task Parse_UnknownFormat_Is400NamingFormat()
    {
        var (status, json) = await ApiTestJson.PostAsync(server.Http, "/tool-calls/parse", new { format = "hermes2", text = "x" });
        Assert.Equal(400, status);
        ApiTestJson.AssertError(json, "invalid_request_error", "format", "invalid_value");
    }

    [Fact]
    public async Task Completions_LazyGrammarWithAPatternTrigger_IsServed_AndWithoutTriggersIs400()
    {
        var grammar = "root ::= \"<tool_call>\" [a-z]{1,4}";
        var lazy = new
        {
            prompt = "Once upon a time",
            max_tokens = 8,
            grammar,
            grammar_lazy = true,
            grammar_triggers = new[] { new { type = "pattern", value = "^[\\s\\S]*?(<tool_call>)$" } },
        };
        var (ok, body) = await ApiTestJson.PostAsync(server.Http, "/v1/completions", lazy);
        Assert.True(ok == 200, body.ToJsonString());

        var (status, json) = await ApiTestJson.PostAsync(server.Http, "/v1/completions",
            new { prompt = "Once", max_tokens = 2, grammar, grammar_lazy = true });
        Assert.Equal(400, status);
        ApiTestJson.AssertError(json, "invalid_request_error", "grammar_triggers", "invalid_value");
    }
}
