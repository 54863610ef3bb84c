using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Engine.Evaluation;
using Workbench.Engine.ModelTools;
using Workbench.Lab.Storage;
using Workbench.Web.Auth;
using Workbench.Web.Quantization;

namespace Workbench.Web.Apis;

/// <summary>Perplexity and the per-type comparison (issue 13 §2) over <see cref="ModelEvaluationService"/>; every
/// evaluation runs in a model-tool child process. Bodies and answers use llama.cpp's snake_case names.</summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>POST /api/perplexity</c> <c>{model, text?, n_ctx?}</c> → 200 <see cref="PerplexityResponse"/>
/// <c>{perplexity, uncertainty, n_chunks, n_tokens, n_ctx, scored_tokens, prompt_tokens_per_second}</c>, computed
/// as llama-perplexity does (<see cref="PerplexityCalculator"/>); <c>text</c> defaults to the lab's evaluation text
/// (<see cref="EvaluationTexts.Default"/>), <c>n_ctx</c> to 128.</item>
/// <item><c>POST /api/quantize/compare</c> <c>{source, models: [...], text?, n_ctx?, prompt?}</c> → 200
/// <see cref="ModelComparison"/> in snake_case: <c>{rows: [{name, is_source, file_type, file_bytes, tensor_bytes,
/// parameters, bits_per_weight, load_seconds, prompt_tokens_per_second, generation_tokens_per_second, perplexity,
/// perplexity_uncertainty, perplexity_delta, perplexity_delta_percent, kl_divergence, same_top_percent,
/// greedy_output, greedy_tokens}], context_size, chunks, prompt, threads}</c>, the source row first.</item>
/// </list>
/// Errors are ProblemDetails, as on every <c>/api</c> route: 400 a missing or out-of-range field; 404 no loadable
/// model by that name; 422 the input cannot be evaluated (text shorter than 2 × n_ctx tokens, n_ctx above the
/// model's n_ctx_train, different vocabularies); 429 a student (classroom mode) whose previous evaluation is still
/// running; 500 the model tool failed. Signed-in members only (policy Member); the
/// <see cref="Security.ApiRequestGuard"/> applies.
/// </remarks>
public static class EvaluationApi
{
    /// <summary>snake_case for the answers (llama.cpp's and the field names).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The body of <c>POST /api/perplexity</c>.</summary>
    /// <param name="Model">A model file name from the model list.</param>
    /// <param name="Text">The evaluation text, or null for the lab's.</param>
    /// <param name="NCtx">n_ctx, or null for 128.</param>
    public sealed record PerplexityBody(
        [property: JsonPropertyName("model")] string? Model,
        [property: JsonPropertyName("text")] string? Text,
        [property: JsonPropertyName("n_ctx")] int? NCtx);

    /// <summary>The answer of <c>POST /api/perplexity</c> (serialized in snake_case).</summary>
    /// <param name="Perplexity">PPL = exp(mean NLL).</param>
    /// <param name="Uncertainty">llama-perplexity's ±.</param>
    /// <param name="NChunks">n_chunk.</param>
    /// <param name="NTokens">Tokens of the whole text.</param>
    /// <param name="NCtx">n_ctx used.</param>
    /// <param name="ScoredTokens">Tokens scored.</param>
    /// <param name="PromptTokensPerSecond">Decode speed over the chunks.</param>
    public sealed record PerplexityResponse(double Perplexity, double Uncertainty, int NChunks, int NTokens, int NCtx,
        int ScoredTokens, double PromptTokensPerSecond);

    /// <summary>The body of <c>POST /api/quantize/compare</c>.</summary>
    /// <param name="Source">The reference model's file name.</param>
    /// <param name="Models">The files to compare with it.</param>
    /// <param name="Text">The evaluation text, or null for the lab's.</param>
    /// <param name="NCtx">n_ctx, or null for 128.</param>
    /// <param name="Prompt">The greedy prompt, or null for the default.</param>
    public sealed record CompareBody(
        [property: JsonPropertyName("source")] string? Source,
        [property: JsonPropertyName("models")] List<string>? Models,
        [property: JsonPropertyName("text")] string? Text,
        [property: JsonPropertyName("n_ctx")] int? NCtx,
        [property: JsonPropertyName("prompt")] string? Prompt);

    /// <summary>Maps the API.</summary>
    /// <param name="app">The route builder.</param>
    public static IEndpointRouteBuilder MapEvaluationApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/perplexity", Perplexity).WithTags("Quantization").WithName("Perplexity").RequireAuthorization(WorkbenchPolicies.Member);
        app.MapPost("/api/quantize/compare", Compare).WithTags("Quantization").WithName("CompareQuantized").RequireAuthorization(WorkbenchPolicies.Member);
        return app;
    }

    private static async Task<IResult> Perplexity(PerplexityBody? body, HttpContext http, ModelEvaluationService evaluations)
    {
        if (LabUser.FromPrincipal(http.User) is not { } user) return TypedResults.Unauthorized();
        if (body is null) return Problem(StatusCodes.Status400BadRequest, "The body must be {\"model\", \"text\"?, \"n_ctx\"?}.");
        return await Answer(async () =>
        {
            PerplexityResult r = await evaluations.PerplexityAsync(user.UserId, OnlyOne(user), body.Model, body.Text, body.NCtx, null, http.RequestAborted);
            return new PerplexityResponse(r.Perplexity, r.Uncertainty, r.Chunks, r.Tokens, r.ContextSize, r.ScoredTokens, r.PromptTokensPerSecond);
        });
    }

    private static async Task<IResult> Compare(CompareBody? body, HttpContext http, ModelEvaluationService evaluations)
    {
        if (LabUser.FromPrincipal(http.User) is not { } user) return TypedResults.Unauthorized();
        if (body is null) return Problem(StatusCodes.Status400BadRequest, "The body must be {\"source\", \"models\": [...], \"text\"?, \"n_ctx\"?, \"prompt\"?}.");
        return await Answer(() => evaluations.CompareAsync(user.UserId, OnlyOne(user), body.Source, body.Models, body.Text, body.NCtx,
            body.Prompt, null, http.RequestAborted));
    }

    private static bool OnlyOne(LabUser user) => user.Role == LabRoles.Student;

    private static async Task<IResult> Answer<T>(Func<Task<T>> run)
    {
        try
        {
            return TypedResults.Json(await run(), Json);
        }
        catch (EvaluationRequestException e)
        {
            return Problem(e.StatusCode, e.Message);
        }
        catch (ModelToolException e)
        {
            return Problem(StatusCodes.Status500InternalServerError, $"The model tool failed: {e.Message}");
        }
    }

    private static ProblemHttpResult Problem(int status, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: status switch
        {
            StatusCodes.Status400BadRequest => "The request is not valid.",
            StatusCodes.Status404NotFound => "Not found.",
            StatusCodes.Status422UnprocessableEntity => "The input cannot be evaluated.",
            StatusCodes.Status429TooManyRequests => "An evaluation is already running.",
            _ => "The evaluation failed.",
        });
}
