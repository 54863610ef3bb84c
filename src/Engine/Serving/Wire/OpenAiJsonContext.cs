using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Workbench.Engine.Inference;

namespace Workbench.Engine.Serving.Wire;

/// <summary>Source-generated System.Text.Json metadata for every wire type: snake_case names, nulls omitted
/// (except fields OpenAI always writes, such as <c>finish_reason</c>), unknown fields ignored.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChatCompletionRequestBody))]
[JsonSerializable(typeof(CompletionRequestBody))]
[JsonSerializable(typeof(ChatCompletionResponse))]
[JsonSerializable(typeof(ChatCompletionChunk))]
[JsonSerializable(typeof(CompletionResponse))]
[JsonSerializable(typeof(ModelListBody))]
[JsonSerializable(typeof(TokenizeRequestBody))]
[JsonSerializable(typeof(TokenizeResponseBody))]
[JsonSerializable(typeof(TokenizeWithPiecesResponseBody))]
[JsonSerializable(typeof(DetokenizeRequestBody))]
[JsonSerializable(typeof(DetokenizeResponseBody))]
[JsonSerializable(typeof(ApplyTemplateRequestBody))]
[JsonSerializable(typeof(ApplyTemplateResponseBody))]
[JsonSerializable(typeof(HealthBody))]
[JsonSerializable(typeof(PropsBody))]
[JsonSerializable(typeof(LoadModelRequestBody))]
[JsonSerializable(typeof(LoadEventBody))]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(StreamEventBody))]
[JsonSerializable(typeof(ModelInfo))]
[JsonSerializable(typeof(ToolCallParseRequestBody))]
[JsonSerializable(typeof(ToolCallParseResponseBody))]
internal sealed partial class OpenAiJsonContext : JsonSerializerContext
{
    /// <summary>The context every wire read and write uses: the generated options plus a relaxed encoder, so model
    /// text goes out as readable UTF-8 (<c>"don't"</c>, not <c>"don\u0027t"</c>) as llama-server writes it. Safe here:
    /// the API answers <c>application/json</c> and <c>text/event-stream</c>, never HTML.</summary>
    public static OpenAiJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
