using Workbench.Engine.Inference;

namespace Workbench.Lab.Backends;

/// <summary>
/// The lab's trained tool-calling model (issue 15), served by a second engine worker beside the default model and
/// offered as the built-in backend <see cref="IChatBackends.ToolModelName"/>. The host (the web app's
/// <c>ToolModelWorker</c>) resolves <c>Engine:ToolModel</c> (a file name or path in the model folders; default
/// <c>workbench-tools.gguf</c>; empty = off) once at start-up and starts the worker on first use.
/// </summary>
public interface IToolModelBackend
{
    /// <summary>Whether <c>Engine:ToolModel</c> names a model at all (false when the setting is empty: the
    /// backend is not listed).</summary>
    bool IsConfigured { get; }

    /// <summary>Whether the configured file was found: the backend can serve (its worker starts on first use).</summary>
    bool IsAvailable { get; }

    /// <summary>Why the backend is off (the file is missing, the setting is empty), in words for a user; null while
    /// it is available.</summary>
    string? Note { get; }

    /// <summary>The tool model's file name (<c>workbench-tools.gguf</c>), or null when not configured.</summary>
    string? ModelFileName { get; }

    /// <summary>The tool worker's context window per sequence in tokens (its model's n_ctx), known once the worker
    /// has started; null before.</summary>
    int? ContextWindow { get; }

    /// <summary>The tool model's engine (quota-charged like the default engine). Its first call starts the worker
    /// and waits until it is ready; while the backend is off every call throws an <see cref="EngineException"/>
    /// carrying <see cref="Note"/>.</summary>
    IInferenceEngine Engine { get; }
}

/// <summary>Which backend a module's picker starts on.</summary>
public static class BackendDefaults
{
    /// <summary>The tool calling, MCP and coding agent modules' default: <see cref="IChatBackends.ToolModelName"/>
    /// when it is listed and available, else <see cref="IChatBackends.BuiltInName"/>.</summary>
    /// <param name="backends">The list (<see cref="IChatBackends.List"/>).</param>
    public static string ForToolModules(IReadOnlyList<BackendInfo> backends)
    {
        ArgumentNullException.ThrowIfNull(backends);
        return backends.Any(b => b.Name == IChatBackends.ToolModelName && b.IsAvailable) ? IChatBackends.ToolModelName : IChatBackends.BuiltInName;
    }

    /// <summary>Whether <paramref name="backend"/> runs on this host's own engine (the default model or the tool
    /// model): its calls go through the quota-charging engine, so callers run them as the signed-in user.</summary>
    /// <param name="backend">A backend name; null or empty = <see cref="IChatBackends.BuiltInName"/>.</param>
    public static bool IsLocal(string? backend) =>
        string.IsNullOrEmpty(backend)
        || string.Equals(backend, IChatBackends.BuiltInName, StringComparison.OrdinalIgnoreCase)
        || string.Equals(backend, IChatBackends.ToolModelName, StringComparison.OrdinalIgnoreCase);
}
