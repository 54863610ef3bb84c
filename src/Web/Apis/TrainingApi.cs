using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Lab.Training.Runs;
using Workbench.Web.Auth;

namespace Workbench.Web.Apis;

/// <summary>Lab 09's training runs (issue 15 §2) over <see cref="TrainingRunService"/>, which the widget shares.</summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>POST /api/training/runs</c> <c>{preset? ("tiny" | "small", default tiny), learning_rate? (1e-4..3e-3,
/// default 1e-3), steps? (50..2000 tiny, 50..500 small, default 300), seed? (≥ 0, default 42)}</c> → 202 <c>{id}</c>
/// with <c>Location</c>; the run is queued (one trains at a time per server, FIFO across users). 400 a knob out of
/// bounds (the detail names the field), 429 when the caller already has a queued or running run.</item>
/// <item><c>GET /api/training/runs/{id}</c> → 200 the run (<see cref="TrainingRunJson"/>); 404 unknown or another
/// user's run (an instructor sees every run).</item>
/// <item><c>GET /api/training/runs</c> → the caller's runs (an instructor's: everyone's), newest first.</item>
/// <item><c>POST /api/training/runs/{id}/stop</c> → 200 the run (a queued run leaves the queue, a running one's child
/// is killed); owner only: anyone else, instructors included, gets 404.</item>
/// <item><c>POST /api/training/runs/{id}/reply</c> <c>{prompt (1..500 characters), tools? (names of the built-in
/// tools offered, default none)}</c> → 200 <c>{text}</c>: the finished run's model answers one user message
/// (<see cref="TrainingRunService.ReplyAsync"/>, greedy, its raw text with any call markup); 400 an empty or long
/// prompt or an unknown tool, 409 the run has no model yet, 504 the reply ran past a minute; 404 as for GET.</item>
/// </list>
/// Every route needs a signed-in member (policy Member); errors are ProblemDetails; the
/// <see cref="Security.ApiRequestGuard"/> applies as to every <c>/api</c> route (cross-site → 403).
/// </remarks>
public static class TrainingApi
{
    /// <summary>The body of <c>POST /api/training/runs</c> (snake_case on the wire).</summary>
    public sealed record StartRunBody(
        [property: JsonPropertyName("preset")] string? Preset,
        [property: JsonPropertyName("learning_rate")] double? LearningRate,
        [property: JsonPropertyName("steps")] int? Steps,
        [property: JsonPropertyName("seed")] int? Seed);

    /// <summary>The body of <c>POST /api/training/runs/{id}/reply</c>.</summary>
    public sealed record ReplyBody(
        [property: JsonPropertyName("prompt")] string? Prompt,
        [property: JsonPropertyName("tools")] IReadOnlyList<string>? Tools);

    /// <summary>The answer to a reply request: the model's raw text.</summary>
    public sealed record ReplyAnswer([property: JsonPropertyName("text")] string Text);

    /// <summary>The answer to a start.</summary>
    /// <param name="Id">The run id.</param>
    /// <param name="QueuePosition">0 when it started at once, else its place in the queue (1 = next).</param>
    public sealed record RunAccepted(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("queue_position")] int QueuePosition);

    /// <summary>Maps the API.</summary>
    /// <param name="app">The route builder.</param>
    public static IEndpointRouteBuilder MapTrainingApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/training").WithTags("Training").RequireAuthorization(WorkbenchPolicies.Member);
        group.MapPost("/runs", Start).WithName("StartTrainingRun");
        group.MapGet("/runs", List).WithName("ListTrainingRuns");
        group.MapGet("/runs/{id}", Get).WithName("GetTrainingRun");
        group.MapPost("/runs/{id}/stop", Stop).WithName("StopTrainingRun");
        group.MapPost("/runs/{id}/reply", ReplyAsync).WithName("TrainedModelReply");
        return app;
    }

    private static Results<Accepted<RunAccepted>, ProblemHttpResult, UnauthorizedHttpResult> Start(StartRunBody? body, HttpContext http, TrainingRunService runs)
    {
        if (LabUser.FromPrincipal(http.User) is not { } user) return TypedResults.Unauthorized();
        if (body is null) return Problem(400, "The body must be {\"preset\"?, \"learning_rate\"?, \"steps\"?, \"seed\"?}.");
        var request = new TrainingRunRequest(body.Preset ?? TrainingRunRequest.TinyPreset, body.LearningRate ?? TrainingRunRequest.DefaultLearningRate,
            body.Steps ?? TrainingRunRequest.DefaultSteps, body.Seed ?? TrainingRunRequest.DefaultSeed);
        try
        {
            var id = runs.Start(user.UserId, request);
            return TypedResults.Accepted($"/api/training/runs/{id}", new RunAccepted(id, runs.QueuePosition(id)));
        }
        catch (TrainingRunRequestException e)
        {
            return Problem(400, e.Message);
        }
        catch (TrainingRunRejectedException e)
        {
            return Problem(429, e.Message);
        }
    }

    private static Results<ContentHttpResult, UnauthorizedHttpResult> List(HttpContext http, TrainingRunService runs)
    {
        if (LabUser.FromPrincipal(http.User) is not { } user) return TypedResults.Unauthorized();
        var list = new JsonArray([.. runs.List(user.IsInstructor ? null : user.UserId).Select(r => (JsonNode)TrainingRunJson.ToJson(r, runs.QueuePosition(r.Id)))]);
        return TypedResults.Text(list.ToJsonString(), "application/json");
    }

    private static Results<ContentHttpResult, ProblemHttpResult> Get(string id, HttpContext http, TrainingRunService runs) =>
        Visible(id, http, runs) is { } run ? Json(run, runs) : NoSuchRun();

    private static Results<ContentHttpResult, ProblemHttpResult> Stop(string id, HttpContext http, TrainingRunService runs)
    {
        if (LabUser.FromPrincipal(http.User) is not { } user || runs.Get(id) is not { } run || run.OwnerId != user.UserId) return NoSuchRun();
        runs.Stop(user.UserId, id);
        return Json(runs.Get(id) ?? run, runs);
    }

    private static async Task<Results<Ok<ReplyAnswer>, ProblemHttpResult>> ReplyAsync(string id, ReplyBody? body, HttpContext http, TrainingRunService runs)
    {
        if (Visible(id, http, runs) is not { } run) return NoSuchRun();
        if (body is null) return Problem(400, "The body must be {\"prompt\", \"tools\"?}.");
        try
        {
            return TypedResults.Ok(new ReplyAnswer(await runs.ReplyAsync(run, body.Prompt ?? "", body.Tools ?? [], http.RequestAborted)));
        }
        catch (TrainingRunRequestException e)
        {
            return Problem(400, e.Message);
        }
        catch (InvalidOperationException e)
        {
            return Problem(409, e.Message);
        }
        catch (TimeoutException e)
        {
            return Problem(504, e.Message);
        }
    }

    /// <summary>The run when the caller may see it: its owner, or an instructor.</summary>
    internal static TrainingRunRecord? Visible(string id, HttpContext http, TrainingRunService runs) =>
        LabUser.FromPrincipal(http.User) is { } user && runs.Get(id) is { } run && (user.IsInstructor || run.OwnerId == user.UserId) ? run : null;

    private static ContentHttpResult Json(TrainingRunRecord run, TrainingRunService runs) =>
        TypedResults.Text(TrainingRunJson.ToJson(run, runs.QueuePosition(run.Id)).ToJsonString(), "application/json");

    private static ProblemHttpResult NoSuchRun() => Problem(404, "There is no such training run.");

    private static ProblemHttpResult Problem(int status, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: status switch
        {
            400 => "The request is not valid.",
            404 => "Not found.",
            409 => "The run has no model yet.",
            504 => "The model took too long.",
            429 => "Too many training runs.",
            _ => null,
        });
}
