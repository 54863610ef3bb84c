namespace Workbench.Web.Components.State;

/// <summary>The engine state shown in the top bar.</summary>
public enum EngineBadge
{
    /// <summary>A model is loaded and serving.</summary>
    Ready,
    /// <summary>The worker is starting or a model is loading.</summary>
    Loading,
    /// <summary>The worker crashed and is restarting.</summary>
    Restarting,
    /// <summary>The worker or the last model load failed.</summary>
    Failed,
    /// <summary>No model is loaded.</summary>
    NoModel,
}
