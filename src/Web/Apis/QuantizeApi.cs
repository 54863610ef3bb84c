using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Lab.Storage;
using Workbench.Web.Auth;
using Workbench.Web.Quantization;

namespace Workbench.Web.Apis;

/// <summary>The quantize job API (<c>/api/quantize</c>) over <see cref="QuantizeJobQueue"/> (issue 13 §1).</summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>POST /api/quantize</c> <c>{source, type, allowRequantize?}</c> → 202 <c>{id}</c> with <c>Location</c>;
/// 400 unknown or missing type (the detail lists Q8_0, Q6_K, Q5_K_M, Q5_0, Q4_K_M, Q4_0, Q3_K_M, Q2_K), missing
/// source, a file that is not GGUF; 404 no loadable model by that name (the one message of
/// <c>ModelCatalog.NotLoadableMessage</c>); 429 a student (classroom mode) who already has a job queued or
/// running. An already quantized source without <c>allowRequantize</c> is accepted and fails as a job with the
/// reason (llama.cpp decides per tensor).</item>
/// <item><c>GET /api/quantize/{id}</c> → 200 <see cref="QuantizeJobView"/> <c>{id, status: queued|running|done|failed|
/// cancelled, progress 0..1, message, output?: {name, path, bytes}, tensors?: [{name, shape, sourceType, type,
/// fallback, fallbackReason}], warnings, error?, …}</c>; 404 for an unknown id or another user's job (an instructor
/// sees every job).</item>
/// <item><c>GET /api/quantize</c> → 200 the caller's jobs (an instructor's: everyone's), newest first.</item>
/// <item><c>POST /api/quantize/{id}/cancel</c> → 200 the job (cancelled unless it had finished); 404 as above.</item>
/// </list>
/// Every route needs a signed-in member (policy Member). Errors are ProblemDetails; the
/// <see cref="Security.ApiRequestGuard"/> applies as to every <c>/api</c> route.
/// </remarks>
public static class QuantizeApi
{
    /// <summary>The body of <c>POST /api/quantize</c>.</summary>
    /// <param name="Source">A model file name from the model list (or a path inside a model folder).</param>
    /// <param name="Type">A quantization type name.</param>
    /// <param name="AllowRequantize">Allow an already quantized source (the result then warns).</param>
    public sealed record QuantizeBody(string? Source, string? Type, bool? AllowRequantize);

    /// <summary>The answer to <c>POST /api/quantize</c>.</summary>
    /// <param name="Id">The job id.</param>
    public sealed record QuantizeAccepted(string Id);

    /// <summary>Maps the API.</summary>
    /// <param name="app">The route builder.</param>
    public static IEndpointRouteBuilder MapQuantizeApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/quantize").WithTags("Quantization").RequireAuthorization(WorkbenchPolicies.Member);
        group.MapPost("/", Start).WithName("StartQuantize");
        group.MapGet("/", List).WithName("ListQuantizeJobs");
        group.MapGet("/{id}", Get).WithName("GetQuantizeJob");
        group.MapPost("/{id}/cancel", Cancel).WithName("CancelQuantizeJob");
        return app;
    }

    private static Results<Accepted<QuantizeAccepted>, ProblemHttpResult, UnauthorizedHttpResult> Start(QuantizeBody? body, HttpContext http, QuantizeJobQueue queue)
    {
        if (LabUser.FromPrincipal(http.User) is not { } user) return TypedResults.Unauthorized();
        if (body is null) return Problem(StatusCodes.Status400BadRequest, "The body must be {\"source\", \"type\", \"allowRequantize\"?}.");
        try
        {
            var job = queue.Enqueue(user.UserId, body.Source, body.Type, body.AllowRequantize ?? false,
                maxActivePerOwner: user.Role == LabRoles.Student ? 1 : null);
            return TypedResults.Accepted($"/api/quantize/{job.Id}", new QuantizeAccepted(job.Id));
        }
        catch (QuantizeRequestException e)
        {
            return Problem(e.StatusCode, e.Message);
        }
    }

    private static Results<Ok<List<QuantizeJobView>>, UnauthorizedHttpResult> List(HttpContext http, QuantizeJobQueue queue)
    {
        if (LabUser.FromPrincipal(http.User) is not { } user) return TypedResults.Unauthorized();
        return TypedResults.Ok(queue.List(user.IsInstructor ? null : user.UserId).Select(j => j.Snapshot()).ToList());
    }

    private static Results<Ok<QuantizeJobView>, ProblemHttpResult> Get(string id, HttpContext http, QuantizeJobQueue queue) =>
        Visible(id, http, queue) is { } job ? TypedResults.Ok(job.Snapshot()) : NoSuchJob();

    private static Results<Ok<QuantizeJobView>, ProblemHttpResult> Cancel(string id, HttpContext http, QuantizeJobQueue queue)
    {
        if (Visible(id, http, queue) is not { } job) return NoSuchJob();
        queue.Cancel(job.Id);
        return TypedResults.Ok(job.Snapshot());
    }

    private static QuantizeJob? Visible(string id, HttpContext http, QuantizeJobQueue queue) =>
        LabUser.FromPrincipal(http.User) is { } user && queue.Find(id) is { } job && (user.IsInstructor || job.OwnerId == user.UserId) ? job : null;

    private static ProblemHttpResult NoSuchJob() => Problem(StatusCodes.Status404NotFound, "There is no such quantize job.");

    private static ProblemHttpResult Problem(int status, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: status switch
        {
            StatusCodes.Status400BadRequest => "The request is not valid.",
            StatusCodes.Status404NotFound => "Not found.",
            StatusCodes.Status429TooManyRequests => "Too many quantizations.",
            _ => null,
        });
}
