using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Workbench.Engine.Models;
using Workbench.Engine.Serving;
using Workbench.Web.Auth;
using Workbench.Web.Hosting;

namespace Workbench.Web.Apis;

public static partial class EngineApiProxy
{
    /// <summary>Largest <c>/models/load</c> body read, in bytes (it holds one path).</summary>
    private const int MaxLoadBodyBytes = 16 * 1024;

    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(5);

    /// <summary><c>POST /models/load {"path"}</c>, checked here before the worker sees it: 403 for a caller outside
    /// <see cref="WorkbenchPolicies.EngineControl"/> (a student in classroom mode); 400 for a body without a string
    /// <c>path</c>; the <see cref="ModelLoadGuard"/>'s refusal (400 with one message for any file that is missing,
    /// unreadable or outside the model folders; 422 for a file that crashed the engine); 413 for a body over 16 KiB.
    /// All in OpenAI's error envelope. An accepted load is forwarded with the body rewritten to the canonical path
    /// (the worker never reads a path the proxy did not check) and tracked by the supervisor while it runs.</summary>
    private static async Task LoadModelAsync(HttpContext context)
    {
        var authorization = context.RequestServices.GetRequiredService<IAuthorizationService>();
        if (!(await authorization.AuthorizeAsync(context.User, WorkbenchPolicies.EngineControl)).Succeeded)
        {
            await OpenAiErrorWriter.WriteAsync(context, StatusCodes.Status403Forbidden, "In classroom mode only the instructor loads or switches the model; students can read the model information (GET /v1/models, /props).", "insufficient_permissions", null);
            return;
        }
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await ForwardAsync(context); // the worker answers 405
            return;
        }

        byte[] body;
        try
        {
            body = await ProxyRequestBody.ReadAsync(context.Request, MaxLoadBodyBytes, context.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await OpenAiErrorWriter.WriteAsync(context, StatusCodes.Status413RequestEntityTooLarge, $"The request body is larger than {MaxLoadBodyBytes} bytes.", OpenAiErrorWriter.RequestTooLargeCode, null);
            return;
        }
        string? requested;
        try
        {
            requested = JsonNode.Parse(body) is JsonObject json && json["path"] is JsonValue value && value.TryGetValue<string>(out var p) ? p : null;
        }
        catch (JsonException)
        {
            requested = null;
        }
        if (requested is null)
        {
            await OpenAiErrorWriter.WriteAsync(context, StatusCodes.Status400BadRequest, "The request body must be a JSON object with a string 'path' (a model file name or a path inside a model folder).", ModelLoadGuard.ModelLoadFailedCode, "path");
            return;
        }

        var supervisor = context.RequestServices.GetRequiredService<WorkerSupervisor>();
        string path;
        try
        {
            path = ModelLoadGuard.Resolve(context.RequestServices.GetRequiredService<ModelCatalog>(), supervisor, requested);
        }
        catch (ModelLoadRefusedException e)
        {
            await OpenAiErrorWriter.WriteAsync(context, e.Status, e.Message, e.Code, "path");
            return;
        }
        var forwarded = JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["path"] = path });
        context.Request.Body = new MemoryStream(forwarded, writable: false);
        context.Request.ContentLength = forwarded.Length;
        context.Request.ContentType = "application/json";
        context.Request.Headers.TransferEncoding = default;
        using (supervisor.TrackModelLoad(path))
        {
            await ForwardAsync(context);
        }
    }

    /// <summary><c>GET /health</c> for anyone: the worker's own answer (status code and fields) plus a
    /// <c>worker</c> object from the supervisor (<see cref="WorkerHealth"/>), a <c>tool_worker</c> object
    /// (<see cref="ToolWorkerHealth"/>: the tool model's worker, which this never starts) and a <c>sandbox</c> object (the grading
    /// sandbox's isolation, <see cref="Workbench.Lab.Grading.Sandbox.SandboxCapabilities.Describe"/>); while no worker answers, 503
    /// <c>{"status":"unavailable","worker":{...}}</c>.</summary>
    private static async Task HealthAsync(HttpContext context)
    {
        var supervisor = context.RequestServices.GetRequiredService<WorkerSupervisor>();
        var status = StatusCodes.Status503ServiceUnavailable;
        JsonObject? body = null;
        if (supervisor.Address is { } address)
        {
            var http = context.RequestServices.GetRequiredService<IHttpClientFactory>().CreateClient(WorkerSupervisor.HttpClientName);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            timeout.CancelAfter(HealthTimeout);
            try
            {
                using var response = await http.GetAsync(new Uri(address, "health"), timeout.Token);
                body = JsonNode.Parse(await response.Content.ReadAsStringAsync(timeout.Token)) as JsonObject;
                status = (int)response.StatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or JsonException
                || e is OperationCanceledException && !context.RequestAborted.IsCancellationRequested)
            {
                body = null;
                status = StatusCodes.Status503ServiceUnavailable;
            }
        }
        body ??= new JsonObject { ["status"] = "unavailable" };
        body["worker"] = JsonSerializer.SerializeToNode(WorkerHealth.Of(supervisor), WorkerProbe.WireJson);
        if (context.RequestServices.GetService<ToolModelWorker>() is { } toolWorker)
            body["tool_worker"] = JsonSerializer.SerializeToNode(ToolWorkerHealth.Of(toolWorker), WorkerProbe.WireJson);
        // Which isolation and limits the grading sandbox has on this host (bubblewrap; cgroup v1/v2 or rlimits).
        if (context.RequestServices.GetService<Workbench.Lab.Grading.Sandbox.SandboxCapabilities>() is { } sandbox)
            body["sandbox"] = JsonSerializer.SerializeToNode(sandbox.Describe());
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(body), context.RequestAborted);
    }
}
