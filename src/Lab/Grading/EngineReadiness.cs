using Workbench.Engine.Inference;

namespace Workbench.Lab.Grading;

/// <summary>
/// Waits for the engine to have a model before grading that needs one. After a restart the web app grades the
/// submissions a crash interrupted while its engine worker is still loading the model; those must wait for the
/// model, not fail. The wait is <see cref="LabOptions.ModelWaitSeconds"/>.
/// </summary>
public static class EngineReadiness
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>The loaded model, waiting up to <paramref name="timeout"/> while none is loaded yet; null when the
    /// time runs out or the engine's last load failed with no model to fall back on.</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="timeout">The longest wait.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static async Task<ModelInfo?> WaitForModelAsync(IInferenceEngine engine, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (engine.Model is { } model) return model;
            if (engine.Status == EngineStatus.Failed || DateTime.UtcNow >= deadline) return null;
            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
