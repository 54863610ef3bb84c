namespace Workbench.Lab.Training.Runs;

/// <summary>The browser training runs' settings, section <c>Training</c> (issue 15, lab 09). Validated on start by
/// <see cref="TrainingRunServiceCollectionExtensions.AddTrainingRuns"/>.</summary>
public sealed class TrainingRunOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Training";

    /// <summary>The <c>Workbench.Train</c> executable, absolute or relative to the content root. Empty (default):
    /// <c>Workbench.Train</c> next to the app (<see cref="AppContext.BaseDirectory"/>), as <c>Workbench.Sandbox</c> is
    /// found.</summary>
    public string Command { get; set; } = "";

    /// <summary>Hard wall-clock limit of one run in minutes, 1..60 (the child is killed past it and the run fails).
    /// Default 10.</summary>
    public int MaxMinutes { get; set; } = 10;

    /// <summary>Where finished models go (<c>trained-&lt;id&gt;.gguf</c>), absolute or relative to the content root. Empty
    /// (default): <c>Engine:OutputModelDirectory</c> (the model catalog lists it, so "Load in chat" can load the file),
    /// else <c>{Lab:DataDirectory}/trained</c>.</summary>
    public string OutputDirectory { get; set; } = "";

    /// <summary>The child's working directory (resolved on start: the content root).</summary>
    public string WorkingDirectory { get; set; } = "";
}
