namespace Workbench.Engine.Inference;

/// <summary>Life cycle of an <see cref="IInferenceEngine"/>.</summary>
public enum EngineStatus
{
    /// <summary>No model loaded yet.</summary>
    Empty,
    /// <summary>A model is loading.</summary>
    Loading,
    /// <summary>A model is loaded and serving.</summary>
    Ready,
    /// <summary>The last load failed; the previous model (if any) keeps serving.</summary>
    Failed,
}
