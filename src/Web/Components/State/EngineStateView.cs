namespace Workbench.Web.Components.State;

/// <summary>A snapshot of the engine state for the top bar.</summary>
/// <param name="Badge">The state badge.</param>
/// <param name="ModelName">The loaded model's display name, or null.</param>
/// <param name="Detail">A tooltip: the worker's last error, restart count, or the model path.</param>
public sealed record EngineStateView(EngineBadge Badge, string? ModelName, string? Detail)
{
    /// <summary>The badge text: Ready, Loading, Restarting, Failed or No model.</summary>
    public string Label => Badge switch
    {
        EngineBadge.NoModel => "No model",
        _ => Badge.ToString(),
    };
}
