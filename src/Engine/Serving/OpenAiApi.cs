using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Workbench.Engine.Serving;

/// <summary>
/// The engine's OpenAI-compatible HTTP API, in llama-server's manner (tools/server of llama.cpp v0.5.0):
/// <list type="bullet">
/// <item><c>POST /v1/chat/completions</c>, <c>POST /v1/completions</c> — OpenAI's Chat Completions and
/// (legacy) Completions, JSON or <c>stream: true</c> as server-sent events ending in <c>data: [DONE]</c>;
/// llama-server's extensions <c>top_k</c>, <c>min_p</c>, <c>repeat_penalty</c>, <c>repeat_last_n</c>,
/// <c>grammar</c> (GBNF), <c>chat_template</c>; every answer carries a <c>timings</c> object.</item>
/// <item><c>GET /v1/models</c>, <c>POST /tokenize</c>, <c>POST /detokenize</c>, <c>POST /apply-template</c>,
/// <c>GET /props</c>, <c>GET /health</c>, and <c>POST /models/load</c> (progress as events).</item>
/// </list>
/// Errors use OpenAI's envelope <c>{"error":{"message","type","param","code"}}</c>: 400
/// <c>invalid_request_error</c> for bad JSON, unknown model, out-of-range parameters and prompts longer than
/// the context window (code <c>context_length_exceeded</c>); 503 <c>unavailable_error</c> while no model is
/// loaded. Requires <see cref="EngineServiceCollectionExtensions.AddEngine"/> (or an
/// <see cref="Inference.IInferenceEngine"/>, <see cref="Models.ModelCatalog"/> and <see cref="EngineOptions"/>
/// registered another way).
/// </summary>
public static class OpenAiApi
{
    /// <summary>Maps every endpoint above on <paramref name="app"/>.</summary>
    /// <param name="app">The route builder (a WebApplication or a group).</param>
    /// <returns><paramref name="app"/>, for chaining.</returns>
    public static IEndpointRouteBuilder MapOpenAiApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1").WithTags("OpenAI");
        v1.MapPost("/chat/completions", GenerationEndpoints.ChatCompletionsAsync).WithName("ChatCompletions");
        v1.MapPost("/completions", GenerationEndpoints.CompletionsAsync).WithName("Completions");
        v1.MapGet("/models", InfoEndpoints.Models).WithName("ListModels");

        var engine = app.MapGroup("").WithTags("Engine");
        engine.MapPost("/tokenize", InfoEndpoints.TokenizeAsync).WithName("Tokenize");
        engine.MapPost("/detokenize", InfoEndpoints.DetokenizeAsync).WithName("Detokenize");
        engine.MapPost("/apply-template", InfoEndpoints.ApplyTemplateAsync).WithName("ApplyTemplate");
        engine.MapGet("/props", InfoEndpoints.Props).WithName("Props");
        engine.MapGet("/health", InfoEndpoints.Health).WithName("Health");
        engine.MapPost("/models/load", ModelLoadEndpoint.LoadAsync).WithName("LoadModel");
        return app;
    }
}
