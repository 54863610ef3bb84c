namespace Workbench.Lab.Tools;

/// <summary>How a <see cref="ToolLoop"/> run ended.</summary>
public enum ToolLoopOutcome
{
    /// <summary>The model answered without calling a tool; <see cref="ToolLoopTrace.FinalText"/> is that answer.</summary>
    Completed,

    /// <summary>The model was still calling tools after <see cref="ToolLoopOptions.MaxIterations"/> requests; the
    /// last results were appended but the model was not asked again.</summary>
    MaxIterationsReached,
}
