using Microsoft.Extensions.AI;

namespace Workbench.Lab.Tools;

/// <summary>The result of <see cref="ToolLoop.RunAsync"/>.</summary>
/// <param name="Trace">What happened, step by step.</param>
/// <param name="Messages">The conversation after the run: the input messages, then each assistant reply (with its
/// <see cref="FunctionCallContent"/>s) and each tool message (with its <see cref="FunctionResultContent"/>s).</param>
public sealed record ToolLoopResult(ToolLoopTrace Trace, IReadOnlyList<ChatMessage> Messages);
