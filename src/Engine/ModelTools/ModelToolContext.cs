namespace Workbench.Engine.ModelTools;

/// <summary>What an <see cref="IModelToolOperation"/> gets from the model-tool process: the engine settings and
/// two ways to talk to the parent while it runs (each becomes one JSON line on the child's protocol channel).</summary>
public sealed class ModelToolContext
{
    private readonly Action<double, string?> _progress;
    private readonly Action<string> _log;

    /// <summary>Creates a context.</summary>
    /// <param name="options">The engine settings of the child (the parent's <c>Engine</c> section).</param>
    /// <param name="progress">Receives (fraction 0..1, message or null).</param>
    /// <param name="log">Receives one log line.</param>
    public ModelToolContext(EngineOptions options, Action<double, string?> progress, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(log);
        Options = options;
        _progress = progress;
        _log = log;
    }

    /// <summary>The engine settings (model directories, output directory, threads, backend).</summary>
    public EngineOptions Options { get; }

    /// <summary>Reports progress: <c>{"type":"progress","fraction":…,"message":…}</c>.</summary>
    /// <param name="fraction">Done so far, clamped to 0..1.</param>
    /// <param name="message">What is being done, or null.</param>
    public void ReportProgress(double fraction, string? message) =>
        _progress(double.IsNaN(fraction) ? 0 : Math.Clamp(fraction, 0, 1), message);

    /// <summary>Sends one log line to the parent: <c>{"type":"log","text":…}</c>.</summary>
    /// <param name="text">The line.</param>
    public void Log(string text) => _log(text ?? "");
}
