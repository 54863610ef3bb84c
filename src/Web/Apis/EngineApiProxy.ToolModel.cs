using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Engine.Serving;
using Workbench.Web.Hosting;

namespace Workbench.Web.Apis;

public static partial class EngineApiProxy
{
    /// <summary>OpenAI's code for a <c>model</c> no server serves.</summary>
    internal const string ModelNotFoundCode = "model_not_found";

    /// <summary>Where a generation goes.</summary>
    /// <param name="Answered">True when the answer has been written here (404 for a missing tool model, 503 when the
    /// tool worker did not become ready).</param>
    /// <param name="Supervisor">The tool worker's supervisor when the request goes there; null = the main worker.</param>
    private readonly record struct ToolRoute(bool Answered, WorkerSupervisor? Supervisor);

    /// <summary>
    /// Routes a generation by its body's <c>model</c>, OpenAI's way: when it names the tool model
    /// (<see cref="ToolModelWorker.Names"/>: its file name with or without <c>.gguf</c>, or the id the tool worker's
    /// <c>/v1/models</c> reports) the tool worker answers, started on first use and awaited
    /// (<see cref="ToolModelWorker.EnsureReadyAsync"/>); while its file is missing, 404 <c>model_not_found</c> with
    /// <see cref="ToolModelWorker.Note"/>; when it does not become ready, 503 <c>worker_unavailable</c>. Any other
    /// <c>model</c> (none, the default model, a name the worker will reject) goes to the main worker as before.
    /// </summary>
    private static async Task<ToolRoute> RouteToToolWorkerAsync(HttpContext context, ToolModelWorker toolWorker, byte[] body)
    {
        var model = RequestedModel(body);
        if (!toolWorker.Names(model)) return new(false, null);
        if (!toolWorker.IsAvailable)
        {
            await OpenAiErrorWriter.WriteAsync(context, StatusCodes.Status404NotFound,
                $"The model '{model}' does not exist. {toolWorker.Note}", ModelNotFoundCode, "model");
            return new(true, null);
        }
        try
        {
            await toolWorker.EnsureReadyAsync(context.RequestAborted);
        }
        catch (EngineUnavailableException e)
        {
            await WorkerUnavailableError.WriteAsync(context, e.Message);
            return new(true, null);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return new(true, null); // the client left while the worker started
        }
        return new(false, toolWorker.Supervisor);
    }

    /// <summary>The body's <c>model</c> string, or null (absent, not a string, not JSON: the worker judges those).</summary>
    internal static string? RequestedModel(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String
                ? model.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// <c>GET /v1/models</c>: the main worker's list (relayed as-is when no tool model is available) followed by the
    /// tool model's entry — the tool worker's own entry while it runs, else <c>{id, object: "model", created,
    /// owned_by}</c> from the file (listing does not start the worker).
    /// </summary>
    private static async Task ModelsAsync(HttpContext context)
    {
        var toolWorker = context.RequestServices.GetService<ToolModelWorker>();
        var supervisor = context.RequestServices.GetRequiredService<WorkerSupervisor>();
        if (toolWorker is not { IsAvailable: true, ModelPath: { } toolPath } || supervisor.Address is not { } address)
        {
            await ForwardAsync(context);
            return;
        }
        var http = context.RequestServices.GetRequiredService<IHttpClientFactory>().CreateClient(WorkerSupervisor.HttpClientName);
        JsonObject? list;
        try
        {
            list = await ReadJsonAsync(http, new Uri(address, "v1/models"), context.RequestAborted);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested && e is HttpRequestException or IOException or JsonException or OperationCanceledException)
        {
            list = null;
        }
        if (list?["data"] is not JsonArray data)
        {
            await WorkerUnavailableError.WriteAsync(context, WorkerUnavailableError.DiedMessage);
            return;
        }

        JsonNode? toolEntry = null;
        if (toolWorker.Supervisor?.Address is { } toolAddress)
        {
            try
            {
                toolEntry = (await ReadJsonAsync(http, new Uri(toolAddress, "v1/models"), context.RequestAborted))?["data"]?.AsArray().FirstOrDefault()?.DeepClone();
            }
            catch (Exception e) when (!context.RequestAborted.IsCancellationRequested && e is HttpRequestException or IOException or JsonException or OperationCanceledException or InvalidOperationException)
            {
                toolEntry = null;
            }
        }
        toolEntry ??= new JsonObject
        {
            ["id"] = Path.GetFileName(toolPath),
            ["object"] = "model",
            ["created"] = new DateTimeOffset(File.GetLastWriteTimeUtc(toolPath)).ToUnixTimeSeconds(),
            ["owned_by"] = "workbench",
        };
        var toolId = toolEntry["id"]?.GetValue<string>();
        if (!data.Any(e => e?["id"]?.GetValue<string>() == toolId)) data.Add(toolEntry);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(list), context.RequestAborted);
    }

    private static async Task<JsonObject?> ReadJsonAsync(HttpClient http, Uri uri, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(HealthTimeout);
        using var response = await http.GetAsync(uri, timeout.Token);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(timeout.Token)) as JsonObject;
    }
}
