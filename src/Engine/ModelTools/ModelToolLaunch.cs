namespace Workbench.Engine.ModelTools;

/// <summary>How to start the model-tool child process: normally the web app's own executable
/// (<c>WorkerProcess.ExecutablePath</c>) with <see cref="ModelToolHost.Switch"/> and the engine worker's
/// <c>Engine__*</c> environment, so the child sees the same settings, model folders and native libraries.</summary>
/// <param name="FileName">The executable.</param>
/// <param name="Arguments">Its arguments, <see cref="ModelToolHost.Switch"/> among them.</param>
/// <param name="Environment">Variables added to the inherited environment.</param>
/// <param name="WorkingDirectory">The child's working directory (its configuration content root).</param>
public sealed record ModelToolLaunch(
    string FileName,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory);
