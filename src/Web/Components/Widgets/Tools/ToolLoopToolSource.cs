using Microsoft.Extensions.AI;

namespace Workbench.Web.Components.Widgets.Tools;

/// <summary>Where <see cref="ToolLoopTraceView"/> takes its tools from: the built-in tools by default, or another
/// provider (one MCP server's tools, for the <c>mcp-tool-loop</c> widget).</summary>
/// <param name="Legend">The caption of the tool checkboxes ("Built-in tools offered").</param>
/// <param name="Names">The tools to offer, in display order.</param>
/// <param name="Select">The functions for the chosen names (a subset of <paramref name="Names"/>, in that order),
/// called once per run.</param>
public sealed record ToolLoopToolSource(string Legend, IReadOnlyList<string> Names, Func<IReadOnlyList<string>, IReadOnlyList<AIFunction>> Select);
