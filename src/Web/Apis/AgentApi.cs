using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Lab.Agent;
using Workbench.Lab.Backends;
using Workbench.Web.Auth;

namespace Workbench.Web.Apis;

/// <summary>The coding agent's API (issue 14 §2) over <see cref="AgentRunService"/>, which the module page and the
/// A/B runner share.</summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>POST /api/agent/runs</c> <c>{task | task_dir, backend?, model?, verify_on_edit? (true), max_steps? (20,
/// 1..100), seed?}</c> → 202 <c>{id}</c> with <c>Location</c>. <c>task</c> is a catalogue id
/// (<c>GET /api/agent/tasks</c>); <c>task_dir</c> a folder inside a configured <c>Agent:TaskDirectories</c> root
/// (<see cref="AgentTaskCatalog.ResolveTaskDirectory"/>: links and <c>..</c> that lead out are refused), never any
/// other host path. 400 a missing or unknown field value (the detail names it), 404 an unknown task or backend,
/// 429 when the run is rejected (one active run per user; <c>Agent:MaxConcurrentRuns</c> overall).</item>
/// <item><c>GET /api/agent/runs/{id}</c> → 200 the run in snake_case (<see cref="AgentRunJson"/>: <c>{id, task,
/// status, stop_reason, error, steps: [{index, raw, tool_calls, results, tokens: {input, output}, ms, nudge,
/// compaction}], edits, tests: {command, passed, exit_code, output, ms}, diff, …}</c>); 404 unknown or another
/// user's run (an instructor sees every run).</item>
/// <item><c>GET /api/agent/runs</c> → the caller's runs (an instructor's: everyone's), newest first.</item>
/// <item><c>POST /api/agent/runs/{id}/stop</c> → 200 the run (its hidden tests still run).</item>
/// <item><c>GET /api/agent/runs/{id}/export</c> → <c>application/x-ndjson</c>, the run as JSON Lines.</item>
/// <item><c>GET /api/agent/tasks</c> → <c>[{id, title, language}]</c>.</item>
/// </list>
/// Every route needs a signed-in member (policy Member); errors are ProblemDetails; the
/// <see cref="Security.ApiRequestGuard"/> applies as to every <c>/api</c> route.
/// </remarks>
public static class AgentApi
{
    /// <summary>The body of <c>POST /api/agent/runs</c> (snake_case on the wire).</summary>
    public sealed record StartRunBody(
        [property: JsonPropertyName("task")] string? Task,
        [property: JsonPropertyName("task_dir")] string? TaskDir,
        [property: JsonPropertyName("backend")] string? Backend,
        [property: JsonPropertyName("model")] string? Model,
        [property: JsonPropertyName("verify_on_edit")] bool? VerifyOnEdit,
        [property: JsonPropertyName("max_steps")] int? MaxSteps,
        [property: JsonPropertyName("seed")] int? Seed);

    /// <summary>The answer to a start.</summary>
    /// <param name="Id">The run id.</param>
    public sealed record RunAccepted([property: JsonPropertyName("id")] string Id);

    /// <summary>One catalogue entry.</summary>
    public sealed record TaskEntry(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("title")] string Title,
        [property: JsonPropertyName("language")] string Language);

    /// <summary>Maps the API.</summary>
    /// <param name="app">The route builder.</param>
    public static IEndpointRouteBuilder MapAgentApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/agent").WithTags("Coding agent").RequireAuthorization(WorkbenchPolicies.Member);
        group.MapGet("/tasks", (AgentTaskCatalog catalog) =>
            TypedResults.Ok(catalog.Tasks.Select(t => new TaskEntry(t.Id, t.Title, t.Language.ToString().ToLowerInvariant())).ToList()));
        group.MapPost("/runs", Start);
        group.MapGet("/runs", List);
        group.MapGet("/runs/{id}", Get);
        group.MapPost("/runs/{id}/stop", Stop);
        group.MapGet("/runs/{id}/export", Export);
        return app;
    }

    /// <summary>Resolves a start request to an <see cref="AgentRunRequest"/>, or the problem to answer.</summary>
    internal static (AgentRunRequest? Request, ProblemHttpResult? Problem) Resolve(StartRunBody? body, LabUser user, AgentTaskCatalog catalog, IChatBackends backends)
    {
        if (body is null) return (null, Problem(400, "The body must be {\"task\" | \"task_dir\", \"backend\"?, \"model\"?, \"verify_on_edit\"?, \"max_steps\"?, \"seed\"?}."));
        if (body.Task is not null && body.TaskDir is not null) return (null, Problem(400, "Give either \"task\" or \"task_dir\", not both."));
        AgentTask? task;
        if (body.TaskDir is not null)
        {
            if (catalog.ResolveTaskDirectory(body.TaskDir) is not { } directory)
                return (null, Problem(404, "\"task_dir\" is not a task folder inside the configured Agent:TaskDirectories."));
            try
            {
                task = AgentTask.Load(directory);
            }
            catch (AgentTaskException e)
            {
                return (null, Problem(400, "\"task_dir\": " + e.Message));
            }
        }
        else if (string.IsNullOrWhiteSpace(body.Task)) return (null, Problem(400, "\"task\" (a task id from GET /api/agent/tasks) or \"task_dir\" is required."));
        else if ((task = catalog.Get(body.Task)) is null) return (null, Problem(404, $"\"task\": there is no task '{body.Task}'."));

        if (body.MaxSteps is < 1 or > 100) return (null, Problem(400, "\"max_steps\" must be within 1..100."));
        var backend = string.IsNullOrWhiteSpace(body.Backend) ? IChatBackends.BuiltInName : body.Backend;
        if (!backends.List().Any(b => b.Name == backend)) return (null, Problem(404, $"\"backend\": there is no backend named '{backend}'."));
        return (new AgentRunRequest(task, backend, string.IsNullOrWhiteSpace(body.Model) ? null : body.Model,
            body.VerifyOnEdit ?? true, body.MaxSteps ?? 20, Seed: body.Seed, OwnerId: user.UserId), null);
    }

    private static Results<Accepted<RunAccepted>, ProblemHttpResult, UnauthorizedHttpResult> Start(
        StartRunBody? body, HttpContext http, AgentRunService runs, AgentTaskCatalog catalog, IChatBackends backends)
    {
        if (LabUser.FromPrincipal(http.User) is not { } user) return TypedResults.Unauthorized();
        var (request, problem) = Resolve(body, user, catalog, backends);
        if (problem is not null) return problem;
        try
        {
            var id = runs.Start(request!);
            return TypedResults.Accepted($"/api/agent/runs/{id}", new RunAccepted(id));
        }
        catch (AgentRunRejectedException e)
        {
            return Problem(429, e.Message);
        }
    }

    private static Results<ContentHttpResult, UnauthorizedHttpResult> List(HttpContext http, AgentRunService runs)
    {
        if (LabUser.FromPrincipal(http.User) is not { } user) return TypedResults.Unauthorized();
        var list = new JsonArray([.. runs.List(user.IsInstructor ? null : user.UserId).Select(r => (JsonNode)AgentRunJson.ToJson(r))]);
        return TypedResults.Text(list.ToJsonString(), "application/json");
    }

    private static Results<ContentHttpResult, ProblemHttpResult> Get(string id, HttpContext http, AgentRunService runs) =>
        Visible(id, http, runs) is { } run ? TypedResults.Text(AgentRunJson.ToJson(run).ToJsonString(), "application/json") : NoSuchRun();

    private static Results<ContentHttpResult, ProblemHttpResult> Stop(string id, HttpContext http, AgentRunService runs)
    {
        if (Visible(id, http, runs) is not { } run) return NoSuchRun();
        runs.Stop(run.Id);
        return TypedResults.Text(AgentRunJson.ToJson(runs.Get(run.Id) ?? run).ToJsonString(), "application/json");
    }

    private static Results<ContentHttpResult, ProblemHttpResult> Export(string id, HttpContext http, AgentRunService runs) =>
        Visible(id, http, runs) is { } run ? TypedResults.Text(AgentRunJson.ExportJsonl(run), "application/x-ndjson") : NoSuchRun();

    /// <summary>The run when the caller may see it: its owner, or an instructor.</summary>
    internal static AgentRunRecord? Visible(string id, HttpContext http, AgentRunService runs) =>
        LabUser.FromPrincipal(http.User) is { } user && runs.Get(id) is { } run && (user.IsInstructor || run.OwnerId == user.UserId) ? run : null;

    private static ProblemHttpResult NoSuchRun() => Problem(404, "There is no such agent run.");

    private static ProblemHttpResult Problem(int status, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: status switch
        {
            400 => "The request is not valid.",
            404 => "Not found.",
            429 => "Too many agent runs.",
            _ => null,
        });
}
