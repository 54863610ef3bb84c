using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Engine.Grammar.JsonSchema;
using Xunit;
using static Workbench.Engine.Tests.Serving.ApiTestJson;

namespace Workbench.Engine.Tests.Serving;

/// <summary><c>response_format</c> (and llama-server's <c>json_schema</c>) on the real API with stories260K: the
/// replies are generated under the grammar the schema becomes, so they must parse and validate whatever the model
/// "wants" to write (a story model never writes JSON by itself).</summary>
[Collection(ResponseFormatCollection.Name)]
public sealed class ResponseFormatTests(ResponseFormatServerFixture server)
{
    /// <summary>The lecture's Location example.</summary>
    internal const string LocationSchema = """
        {
          "type": "object",
          "properties": {
            "name": { "type": "string" },
            "country": { "type": "string" },
            "latitude": { "type": "number", "minimum": -90, "maximum": 90 },
            "longitude": { "type": "number", "minimum": -180, "maximum": 180 }
          },
          "required": ["name", "country", "latitude", "longitude"],
          "additionalProperties": false
        }
        """;

    private static readonly object[] Messages = [new { role = "user", content = "Where is Paris? Answer in JSON." }];

    private static JsonNode Schema(string json) => JsonNode.Parse(json)!;

    private static Dictionary<string, object?> Chat(object? responseFormat, int seed, int maxTokens = 400) => new()
    {
        ["messages"] = Messages,
        ["temperature"] = 1.0,
        ["seed"] = seed,
        ["max_tokens"] = maxTokens,
        ["response_format"] = responseFormat,
    };

    private static object JsonSchemaFormat(string schema, string name = "location") =>
        new { type = "json_schema", json_schema = new { name, strict = true, schema = Schema(schema) } };

    /// <summary>
    /// Asserts that <paramref name="text"/> is a JSON object (<paramref name="finishReason"/> <c>stop</c>) or, when
    /// generation hit max_tokens (<c>length</c>), a prefix of one: a story model under the json_object grammar
    /// happily keeps adding members, and nothing in "any JSON object" makes it stop.
    /// </summary>
    internal static void AssertJsonObjectOrPrefix(string text, string? finishReason)
    {
        if (finishReason == "stop")
        {
            using var whole = JsonDocument.Parse(text);
            Assert.Equal(JsonValueKind.Object, whole.RootElement.ValueKind);
            return;
        }
        Assert.Equal("length", finishReason);
        // Not the final block: the reader stops where the text runs out, and throws at the first byte that cannot
        // continue a JSON document.
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), isFinalBlock: false, default);
        Assert.True(reader.Read(), $"no JSON token in '{text}'");
        Assert.Equal(JsonTokenType.StartObject, reader.TokenType);
        while (reader.Read())
        {
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ChatCompletions_JsonObject_ReplyIsAJsonObjectOrItsPrefix(int seed)
    {
        var (status, body) = await PostAsync(server.Http, "/v1/chat/completions", Chat(new { type = "json_object" }, seed, maxTokens: 120));

        Assert.Equal(200, status);
        var choice = body["choices"]![0]!;
        AssertJsonObjectOrPrefix((string)choice["message"]!["content"]!, (string?)choice["finish_reason"]);
    }

    [Theory]
    [InlineData("/v1/chat/completions", 1)]
    [InlineData("/v1/chat/completions", 2)]
    [InlineData("/v1/chat/completions", 3)]
    [InlineData("/v1/completions", 4)]
    public async Task Generation_JsonSchema_ReplyValidatesAgainstTheSchema(string path, int seed)
    {
        var request = Chat(JsonSchemaFormat(LocationSchema), seed);
        if (path == "/v1/completions")
        {
            request.Remove("messages");
            request["prompt"] = "Paris is a city in France. As JSON:";
        }

        var (status, body) = await PostAsync(server.Http, path, request);

        Assert.Equal(200, status);
        var choice = body["choices"]![0]!;
        Assert.Equal("stop", (string?)choice["finish_reason"]);
        var content = (string?)(choice["message"]?["content"] ?? choice["text"]);
        using var schema = JsonDocument.Parse(LocationSchema);
        Assert.Empty(JsonSchemaValidator.Validate(schema.RootElement, content!));
    }

    [Fact]
    public async Task ChatCompletions_TopLevelJsonSchemaExtension_ReplyValidates()
    {
        var request = Chat(null, seed: 5);
        request.Remove("response_format");
        request["json_schema"] = Schema(LocationSchema);

        var (status, body) = await PostAsync(server.Http, "/v1/chat/completions", request);

        Assert.Equal(200, status);
        using var schema = JsonDocument.Parse(LocationSchema);
        Assert.Empty(JsonSchemaValidator.Validate(schema.RootElement, (string)body["choices"]![0]!["message"]!["content"]!));
    }

    [Fact]
    public async Task ChatCompletions_StreamedJsonSchema_DeltasRebuildAValidReply()
    {
        var request = Chat(JsonSchemaFormat(LocationSchema), seed: 6);
        request["stream"] = true;

        var (response, text) = await PostStreamAsync(server.Http, "/v1/chat/completions", request);

        using (response) Assert.True(response.IsSuccessStatusCode, text);
        var frames = text.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l[6..]).ToList();
        Assert.Equal("[DONE]", frames[^1]);
        var reply = string.Concat(frames.SkipLast(1).Select(f => (string?)JsonNode.Parse(f)!["choices"]?[0]?["delta"]?["content"]));
        using var schema = JsonDocument.Parse(LocationSchema);
        Assert.Empty(JsonSchemaValidator.Validate(schema.RootElement, reply));
    }

    [Fact]
    public async Task ChatCompletions_TextFormat_SameReplyAsNoFormat()
    {
        var withText = Chat(new { type = "text" }, seed: 9, maxTokens: 24);
        var without = Chat(null, seed: 9, maxTokens: 24);
        without.Remove("response_format");

        var (status, body) = await PostAsync(server.Http, "/v1/chat/completions", withText);
        var (_, plain) = await PostAsync(server.Http, "/v1/chat/completions", without);

        Assert.Equal(200, status);
        Assert.Equal((string?)plain["choices"]![0]!["message"]!["content"], (string?)body["choices"]![0]!["message"]!["content"]);
    }

    [Fact]
    public async Task ChatCompletions_UnsupportedKeyword_400NamesTheKeyword()
    {
        const string schema = """{"type": "object", "properties": {"tags": {"type": "array", "not": {"type": "null"}}}}""";

        var (status, body) = await PostAsync(server.Http, "/v1/chat/completions", Chat(JsonSchemaFormat(schema), seed: 1));

        Assert.Equal(400, status);
        var error = AssertError(body, "invalid_request_error", "response_format", "unsupported_schema");
        Assert.Contains("not", (string)error["message"]!);
        Assert.Contains("/properties/tags", (string)error["message"]!);
    }

    [Fact]
    public async Task ChatCompletions_MalformedSchema_400InvalidSchema()
    {
        const string schema = """{"type": "object", "properties": {"age": {"type": "integer", "minimum": 10, "maximum": 1}}}""";

        var (status, body) = await PostAsync(server.Http, "/v1/chat/completions", Chat(JsonSchemaFormat(schema), seed: 1));

        Assert.Equal(400, status);
        AssertError(body, "invalid_request_error", "response_format", "invalid_schema");
    }

    [Fact]
    public async Task ChatCompletions_ResponseFormatAndGrammar_400()
    {
        var request = Chat(new { type = "json_object" }, seed: 1);
        request["grammar"] = "root ::= \"yes\"";

        var (status, body) = await PostAsync(server.Http, "/v1/chat/completions", request);

        Assert.Equal(400, status);
        AssertError(body, "invalid_request_error", "response_format", "invalid_value");
    }

    [Theory]
    [InlineData("""{"type": "json_schema", "json_schema": {"schema": {"type": "object"}}}""", "response_format.json_schema.name")]
    [InlineData("""{"type": "json_schema", "json_schema": {"name": "has space", "schema": {"type": "object"}}}""", "response_format.json_schema.name")]
    [InlineData("""{"type": "json_schema", "json_schema": {"name": "x"}}""", "response_format.json_schema.schema")]
    [InlineData("""{"type": "yaml"}""", "response_format.type")]
    public async Task ChatCompletions_BadResponseFormat_400NamesTheField(string responseFormat, string param)
    {
        var (status, body) = await PostAsync(server.Http, "/v1/chat/completions", Chat(Schema(responseFormat), seed: 1));

        Assert.Equal(400, status);
        AssertError(body, "invalid_request_error", param, "invalid_value");
    }
}
