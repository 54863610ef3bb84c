using Workbench.Engine.Serving;
using Workbench.Web.Hosting;

namespace Workbench.Web.Apis;

/// <summary>The OpenAI error envelope (written by <see cref="OpenAiErrorWriter"/>) the proxy answers while no worker serves:
/// <c>{"error":{"message","type":"unavailable_error","param":null,"code":"worker_unavailable"}}</c>.</summary>
internal static class WorkerUnavailableError
{
    /// <summary>The envelope's <c>code</c>.</summary>
    public const string Code = OpenAiErrorWriter.WorkerUnavailableCode;

    /// <summary>The envelope's <c>type</c>.</summary>
    public const string Type = OpenAiErrorWriter.UnavailableType;

    /// <summary>Said when a worker dies in the middle of a response: the same words as the engine client's
    /// <see cref="EngineUnavailableException"/>.</summary>
    public const string DiedMessage = EngineUnavailableException.DefaultMessage;

    /// <summary>A safe message for the supervisor's current state.</summary>
    public static string MessageFor(WorkerSupervisor supervisor) => supervisor.State switch
    {
        WorkerState.Starting => "The inference worker is starting; try again in a moment.",
        WorkerState.Stopped => "The inference worker is stopped: the app is shutting down.",
        _ => "The inference worker is restarting; try again in a moment.",
    };

    /// <summary>The envelope as UTF-8 JSON (<see cref="OpenAiErrorWriter.ToJson"/>).</summary>
    public static byte[] Json(string message) => OpenAiErrorWriter.ToJson(message, Type, Code);

    /// <summary>Answers 503 with the envelope and <c>Retry-After: 1</c>.</summary>
    public static async Task WriteAsync(HttpContext context, string message)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "application/json";
        context.Response.Headers.RetryAfter = "1";
        await context.Response.Body.WriteAsync(Json(message), context.RequestAborted);
    }
}
