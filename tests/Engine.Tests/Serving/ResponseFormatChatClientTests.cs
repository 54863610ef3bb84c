using System.Text.Json;
using Microsoft.Extensions.AI;
using Workbench.Engine.Grammar.JsonSchema;
using Workbench.Engine.Inference;
using Xunit;

namespace Workbench.Engine.Tests.Serving;

/// <summary><see cref="EngineChatClient"/> with <see cref="ChatOptions.ResponseFormat"/> on stories260K.</summary>
[Collection(ResponseFormatCollection.Name)]
public sealed class ResponseFormatChatClientTests(ResponseFormatServerFixture server)
{
    private static readonly ChatMessage[] Conversation = [new(ChatRole.User, "Where is Paris? Answer in JSON.")];

    [Fact]
    public async Task GetResponseAsync_ResponseFormatJson_ReplyIsAJsonObjectOrItsPrefix()
    {
        using IChatClient client = new EngineChatClient(server.Engine, "chatml");
        var options = new ChatOptions { ResponseFormat = ChatResponseFormat.Json, Seed = 2, Temperature = 1, MaxOutputTokens = 120 };

        var response = await client.GetResponseAsync(Conversation, options);

        ResponseFormatTests.AssertJsonObjectOrPrefix(response.Text, response.FinishReason?.Value);
    }

    [Fact]
    public async Task GetResponseAsync_ResponseFormatWithSchema_ReplyValidates()
    {
        using var schema = JsonDocument.Parse(ResponseFormatTests.LocationSchema);
        using IChatClient client = new EngineChatClient(server.Engine, "chatml");
        var options = new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement, "location"),
            Seed = 3, Temperature = 1, MaxOutputTokens = 400,
        };

        var response = await client.GetResponseAsync(Conversation, options);

        Assert.Empty(JsonSchemaValidator.Validate(schema.RootElement, response.Text));
    }

    [Fact]
    public void ToSamplingOptions_TextFormat_NoGrammar()
    {
        Assert.Null(EngineChatClient.ToSamplingOptions(new ChatOptions { ResponseFormat = ChatResponseFormat.Text }).Grammar);
    }

    [Fact]
    public void ToSamplingOptions_JsonFormat_IsTheJsonObjectGrammar()
    {
        Assert.Equal(JsonSchemaGrammar.JsonObjectGbnf, EngineChatClient.ToSamplingOptions(new ChatOptions { ResponseFormat = ChatResponseFormat.Json }).Grammar);
    }

    [Fact]
    public void ToSamplingOptions_JsonFormatAndGrammar_Throws()
    {
        var options = new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.Json,
            AdditionalProperties = new AdditionalPropertiesDictionary { ["grammar"] = "root ::= \"a\"" },
        };

        var error = Assert.Throws<ArgumentException>(() => EngineChatClient.ToSamplingOptions(options));
        Assert.Equal("response_format", error.ParamName);
    }

    [Fact]
    public void ToSamplingOptions_UnsupportedKeyword_ThrowsJsonSchemaException()
    {
        using var schema = JsonDocument.Parse("""{"type": "object", "not": {}}""");
        var options = new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement, "x") };

        var error = Assert.Throws<JsonSchemaException>(() => EngineChatClient.ToSamplingOptions(options));
        Assert.Equal("not", error.Keyword);
    }
}
