using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Workbench.Engine.Inference;
using Workbench.Engine.Serving.Wire;

namespace Workbench.Engine.Serving;

/// <summary>Request reading and error writing shared by the API's handlers.</summary>
internal static class ApiIo
{
    /// <summary>Reads a JSON object body; invalid JSON surfaces as <see cref="JsonException"/> (400).</summary>
    public static async Task<T> ReadBodyAsync<T>(HttpContext http, JsonTypeInfo<T> typeInfo) where T : class
    {
        var body = await JsonSerializer.DeserializeAsync(http.Request.Body, typeInfo, http.RequestAborted);
        return body ?? throw new ApiRequestException("The request body must be a JSON object.", null, ErrorMapping.InvalidJson);
    }

    /// <summary>The loaded model, or a 503 (loading / no model).</summary>
    public static ModelInfo RequireModel(IInferenceEngine engine) =>
        engine.Model ?? throw (engine.Status == EngineStatus.Loading
            ? new ApiRequestException("The model is still loading; try again in a moment.", null, ErrorMapping.ModelLoading, 503)
            : new NoModelLoadedException());

    /// <summary>Answers with the error envelope (or, once a stream has started, an error event).</summary>
    public static Task WriteErrorAsync(HttpContext http, Exception exception, string? promptParam, ILogger log)
    {
        if (http.Response.HasStarted) return WriteStreamErrorAsync(http, exception, promptParam, log);
        var error = Map(exception, promptParam, log);
        http.Response.StatusCode = error.Status;
        return http.Response.WriteAsJsonAsync(error.ToEnvelope(), OpenAiJsonContext.Wire.ErrorEnvelope, contentType: null, http.RequestAborted);
    }

    /// <summary>Sends <c>data: {"error":{...}}</c>; the stream then ends (no <c>[DONE]</c>).</summary>
    public static async Task WriteStreamErrorAsync(HttpContext http, Exception exception, string? promptParam, ILogger log)
    {
        var error = Map(exception, promptParam, log);
        try
        {
            await SseWriter.WriteAsync(http, error.ToEnvelope(), OpenAiJsonContext.Wire.ErrorEnvelope, http.RequestAborted);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            log.LogDebug("Could not send the error event: the client is gone.");
        }
    }

    private static ApiError Map(Exception exception, string? promptParam, ILogger log)
    {
        var error = ErrorMapping.TryMap(exception, promptParam);
        if (error is null)
        {
            log.LogError(exception, "Unhandled error in {Path}.", "OpenAI API");
            return ErrorMapping.Map(exception, promptParam);
        }
        if (error.Status >= 500) log.LogWarning("{Status} {Code}: {Message}", error.Status, error.Code, error.Message);
        return error;
    }
}
