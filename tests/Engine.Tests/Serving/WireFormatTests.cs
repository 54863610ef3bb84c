using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Engine.Inference;
using Workbench.Engine.Serving;
using Workbench.Engine.Serving.Wire;
using Xunit;

namespace Workbench.Engine.Tests.Serving;

/// <summary>Request parsing, validation, JSON shapes and the error table, without an engine.</summary>
public sealed class WireFormatTests
{
    private static ChatCompletionRequestBody Parse(string json) =>
        JsonSerializer.Deserialize(json, OpenAiJsonContext.Wire.ChatCompletionRequestBody)!;

    [Theory]
    [InlineData("\"END\"", new[] { "END" })]
    [InlineData("[\"a\",\"b\"]", new[] { "a", "b" })]
    [InlineData("null", new string[0])]
    public void Stop_AcceptsStringOrArray(string stop, string[] expected)
    {
        var body = Parse($"{{\"messages\":[{{\"role\":\"user\",\"content\":\"x\"}}],\"stop\":{stop}}}");
        var generation = RequestMapper.ToGeneration(body, "p");
        Assert.Equal(expected, generation.Request.Stop);
    }

    [Fact]
    public void Parse_SnakeCaseFields_UnknownFieldsIgnored_ContentParts()
    {
        var body = Parse("""
            {"model":"m","messages":[{"role":"developer","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]},
             {"role":"assistant","content":null,"tool_calls":[]}],
             "max_completion_tokens":7,"top_k":5,"min_p":0.1,"repeat_penalty":1.1,"repeat_last_n":32,"seed":42,
             "stream":true,"stream_options":{"include_usage":true},"logprobs":true,"top_logprobs":4,
             "chat_template":"chatml","grammar":"root ::= \"x\"","response_format":{"type":"text"},"user":"u"}
            """);
        var messages = RequestMapper.ToPromptMessages(body.Messages);
        Assert.Equal([new PromptMessage("system", "ab"), new PromptMessage("assistant", "")], messages);
        var generation = RequestMapper.ToGeneration(body, "p");
        Assert.True(generation.Stream && generation.IncludeUsage && generation.Logprobs);
        var request = generation.Request;
        Assert.Equal(7, request.MaxTokens);
        Assert.Equal(4, request.TopLogprobs);
        Assert.Equal(5, request.Sampling.TopK);
        Assert.Equal(0.1f, request.Sampling.MinP);
        Assert.Equal(32, request.Sampling.RepeatLastN);
        Assert.Equal(42u, request.Sampling.Seed);
        Assert.Equal("root ::= \"x\"", request.Sampling.Grammar);
        Assert.Equal("chatml", body.ChatTemplate);
    }

    [Fact]
    public void Validation_TranslatesSamplingParamNames()
    {
        var error = Assert.Throws<ApiRequestException>(() =>
            RequestMapper.ToGeneration(Parse("{\"temperature\":5}"), "p"));
        Assert.Equal("temperature", error.Param);
        Assert.DoesNotContain("(Parameter", error.Message);
        var apiError = ErrorMapping.Map(error);
        Assert.Equal((400, "invalid_request_error", "temperature"), (apiError.Status, apiError.Type, apiError.Param));
    }

    [Fact]
    public void Chunk_Serializes_SnakeCase_WithExplicitNullFinishReason()
    {
        var chunk = new ChatCompletionChunk
        {
            Id = "chatcmpl-1", Model = "m", Created = 1,
            Choices = [new ChatChunkChoice { Delta = new ChatMessageOut { Content = "hi" } }],
        };
        var json = JsonNode.Parse(JsonSerializer.Serialize(chunk, OpenAiJsonContext.Wire.ChatCompletionChunk))!;
        Assert.Equal("chat.completion.chunk", (string?)json["object"]);
        var choice = json["choices"]![0]!.AsObject();
        Assert.True(choice.ContainsKey("finish_reason"));
        Assert.Null(choice["finish_reason"]);
        Assert.False(json.AsObject().ContainsKey("usage"));
        Assert.False(choice["delta"]!.AsObject().ContainsKey("role"));
    }

    [Fact]
    public void Chunk_WritesModelTextAsReadableUtf8()
    {
        var chunk = new ChatCompletionChunk
        {
            Id = "chatcmpl-1", Model = "m", Created = 1,
            Choices = [new ChatChunkChoice { Delta = new ChatMessageOut { Content = "\"Don't\" <b> → é\n" } }],
        };

        var json = JsonSerializer.Serialize(chunk, OpenAiJsonContext.Wire.ChatCompletionChunk);

        Assert.Contains("\"content\":\"\\\"Don't\\\" <b> → é\\n\"", json); // only JSON's own escapes
    }

    [Fact]
    public void Timings_And_Logprobs_UseLlamaServerNames()
    {
        var usage = new GenerationUsage(10, 5);
        var timings = WireConversions.ToWire(new GenerationTimings(TimeSpan.FromMilliseconds(12), TimeSpan.FromMilliseconds(8),
            TimeSpan.FromMilliseconds(40), double.PositiveInfinity, 100), usage);
        var json = JsonSerializer.Serialize(new CompletionResponse { Id = "c", Model = "m", Choices = [], Timings = timings, Usage = WireConversions.ToWire(usage) },
            OpenAiJsonContext.Wire.CompletionResponse);
        var node = JsonNode.Parse(json)!;
        var t = node["timings"]!;
        Assert.Equal(10, (int)t["prompt_n"]!);
        Assert.Equal(8, (double)t["prompt_ms"]!);
        Assert.Equal(0, (double)t["prompt_per_second"]!); // infinity is not JSON
        Assert.Equal(5, (int)t["predicted_n"]!);
        Assert.Equal(40, (double)t["predicted_ms"]!);
        Assert.Equal(100, (double)t["predicted_per_second"]!);
        Assert.Equal(12, (double)t["ttft_ms"]!);
        Assert.Equal(15, (int)node["usage"]!["total_tokens"]!);

        var token = WireConversions.ToWire(new SampledToken(7, "é", -0.5f, [0xC3, 0xA9], [new TokenAlternative(8, "a", float.NegativeInfinity, [0x61])]));
        var tokenJson = JsonNode.Parse(JsonSerializer.Serialize(new LogprobsBody { Content = [token] }, OpenAiJsonContext.Wire.Options))!["content"]![0]!;
        Assert.Equal("[195,169]", tokenJson["bytes"]!.ToJsonString());
        Assert.Equal(WireConversions.MinLogprob, (float)tokenJson["top_logprobs"]![0]!["logprob"]!);
        Assert.Equal(7, (int)tokenJson["id"]!);
    }

    [Fact]
    public void ErrorTable_RoundTripsEngineExceptions()
    {
        Exception[] exceptions =
        [
            new PromptTooLongException(600, 512), new GrammarException("bad"), new ChatTemplateException("bad"),
            new TokenizationException("bad"), new ModelLoadException("bad"), new NoModelLoadedException(),
            new EngineUnavailableException(), new DecodeException("bad"),
        ];
        foreach (var exception in exceptions)
        {
            var error = ErrorMapping.Map(exception, "messages");
            var envelope = JsonSerializer.Deserialize(JsonSerializer.Serialize(error.ToEnvelope(), OpenAiJsonContext.Wire.ErrorEnvelope),
                OpenAiJsonContext.Wire.ErrorEnvelope)!;
            var back = ErrorMapping.ToException(error.Status, envelope.Error);
            Assert.IsType(exception.GetType(), back);
            Assert.Equal(exception.Message, back.Message);
        }
        Assert.Equal(503, ErrorMapping.Map(new NoModelLoadedException()).Status);
        Assert.Equal("context_length_exceeded", ErrorMapping.Map(new PromptTooLongException(600, 512)).Code);
    }

    [Fact]
    public void UnknownException_IsGeneric500WithoutDetail()
    {
        var error = ErrorMapping.Map(new InvalidOperationException("secret pointer 0xdeadbeef"));
        Assert.Equal(500, error.Status);
        Assert.Equal("server_error", error.Type);
        Assert.DoesNotContain("secret", error.Message);
    }

    [Fact]
    public void CheckModel_AcceptsIdNameWithoutExtensionOrEmpty()
    {
        var model = new ModelInfo { Path = "/m/Tiny.gguf", Id = "Tiny.gguf", Architecture = "llama", Description = "d", FileType = "Q8_0", VocabType = "SPM" };
        RequestMapper.CheckModel(null, model);
        RequestMapper.CheckModel("", model);
        RequestMapper.CheckModel("Tiny.gguf", model);
        RequestMapper.CheckModel("Tiny", model);
        Assert.Equal("model", Assert.Throws<ApiRequestException>(() => RequestMapper.CheckModel("gpt-4o", model)).Param);
    }
}
