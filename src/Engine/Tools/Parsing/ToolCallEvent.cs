namespace Workbench.Engine.Tools.Parsing;

/// <summary>One event of a <see cref="ToolCallStreamParser"/>: text outside calls, the start of a call, a fragment of
/// its arguments, its end, its failure, or a diagnostic. The fold of the events of a whole stream is
/// <see cref="ToolCallParser.Parse"/>'s result (<see cref="ToolCallParseResult.Fold"/>).</summary>
/// <remarks>Order per call: one <see cref="ToolCallStarted"/>, then zero or more <see cref="ToolCallArgumentsDelta"/>,
/// then exactly one <see cref="ToolCallFinished"/> or <see cref="ToolCallFailed"/>. The concatenated fragments of a
/// finished call equal its <c>Arguments</c>. Indexes count up from 0 and are never reused, even after a failure.</remarks>
public abstract record ToolCallEvent;
