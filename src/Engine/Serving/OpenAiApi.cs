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
/// <c>GET /props</c>, <c>GET /health</c>, <c>POST /models/load</c> (progress as events), and
/// <c>POST /tool-calls/parse</c> (a model text through one tool-call parser).</item>
/// <item>Tool calling on chat completions: <c>tools</c>, <c>tool_choice</c>, <c>parallel_tool_calls</c>; answers
/// carry <c>message.tool_calls</c> (streamed as OpenAI's <c>delta.tool_calls</c>) and <c>finish_reason:
/// "tool_calls"</c> (<see cref="Tools.ToolCallSession"/>).</item>
/// </list>
/// Errors use OpenAI's envelope <c>{"error":{"message","type","param","code"}}</c>: 400
/// <c>invalid_request_error</c> for bad JSON, unknown model, out-of-range parameters and prompts longer than
/// the context window (code <c>context_length_exceeded</c>); 503 <c>unavailable_error</c> while no model is
/// loaded; 413 <c>request_too_large</c> for a body above the route's <see cref="RequestBodyLimits"/>; 405
/// <c>method_not_allowed</c> (with <c>Allow</c>) for a method the route does not serve. Requires <see cref="EngineServiceCollectionExtensions.AddEngine"/> (or an
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
        Post(v1, "/chat/completions", GenerationEndpoints.ChatCompletionsAsync, "ChatCompletions", RequestBodyLimits.GenerationBytes);
        Post(v1, "/completions", GenerationEndpoints.CompletionsAsync, "Completions", RequestBodyLimits.GenerationBytes);
        Get(v1, "/models", InfoEndpoints.Models, "ListModels");

        var engine = app.MapGroup("").WithTags("Engine");
        Post(engine, "/tokenize", InfoEndpoints.TokenizeAsync, "Tokenize", RequestBodyLimits.TokenizeBytes);
        Post(engine, "/detokenize", InfoEndpoints.DetokenizeAsync, "Detokenize", RequestBodyLimits.TokenizeBytes);
        Post(engine, "/apply-template", InfoEndpoints.ApplyTemplateAsync, "ApplyTemplate", RequestBodyLimits.GenerationBytes);
        Get(engine, "/props", InfoEndpoints.Props, "Props");
        Get(engine, "/health", InfoEndpoints.Health, "Health");
        Post(engine, "/models/load", ModelLoadEndpoint.LoadAsync, "LoadModel", RequestBodyLimits.DefaultBytes);
        Post(engine, "/tool-calls/parse", ToolCallEndpoints.ParseAsync, "ParseToolCalls", RequestBodyLimits.TokenizeBytes);
        return app;
    }

    private static readonly string[] NotPost = [HttpMethods.Get, HttpMethods.Head, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete];
    private static readonly string[] NotGet = [HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete];

    /// <summary>A POST route with its body limit; other methods get a 405 in OpenAI's error shape (not ASP.NET's
    /// empty 405).</summary>
    private static void Post(RouteGroupBuilder group, string pattern, Delegate handler, string name, long bodyLimit)
    {
        group.MapPost(pattern, handler).WithName(name).WithMetadata(RequestBodyLimits.Metadata(bodyLimit));
        group.MapMethods(pattern, NotPost, (HttpContext http) => OpenAiErrorWriter.WriteMethodNotAllowedAsync(http, HttpMethods.Post))
            .ExcludeFromDescription();
    }

    /// <summary>A GET route; other methods (with or without a body) get a 405 in OpenAI's error shape.</summary>
    private static void Get(RouteGroupBuilder group, string pattern, Delegate handler, string name)
    {
        group.MapGet(pattern, handler).WithName(name);
        group.MapMethods(pattern, NotGet, (HttpContext http) => OpenAiErrorWriter.WriteMethodNotAllowedAsync(http, HttpMethods.Get))
            .WithMetadata(RequestBodyLimits.Metadata(RequestBodyLimits.DefaultBytes)).ExcludeFromDescription();
    }
}
