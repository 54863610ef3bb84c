namespace Workbench.Engine.Tools.Parsing;

/// <summary>A fragment of a started call's arguments JSON, streamed as the model writes it (compact: whitespace
/// outside strings removed).</summary>
/// <param name="Index">The call's index (<see cref="ToolCallStarted.Index"/>).</param>
/// <param name="Fragment">A non-empty piece of JSON text; the call's fragments concatenate to its final arguments.</param>
public sealed record ToolCallArgumentsDelta(int Index, string Fragment) : ToolCallEvent;
