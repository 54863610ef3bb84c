namespace Workbench.Web.Components.Pages.Chat;

/// <summary>What the chat page's Tools panel chose: a source (none, the built-in tools, or one MCP server), the tools
/// of it offered to the model, and the first step's <c>tool_choice</c>. Tools are on when a source and at least one
/// tool are chosen. Mutated on the circuit only; one per page.</summary>
public sealed class ChatToolSelection
{
    /// <summary>The source value of "no tools" (the default).</summary>
    public const string NoneSource = "";

    /// <summary>The source value of the built-in tools.</summary>
    public const string BuiltinSource = "builtin";

    /// <summary>The prefix of an MCP server's source value (<c>mcp:NAME</c>).</summary>
    public const string McpPrefix = "mcp:";

    /// <summary>The first-step choice "any tool" (<c>tool_choice: required</c>).</summary>
    public const string RequiredChoice = "required";

    /// <summary><see cref="NoneSource"/>, <see cref="BuiltinSource"/> or <see cref="McpPrefix"/> + a server name.</summary>
    public string Source { get; set; } = NoneSource;

    /// <summary>The names of the tools offered (a subset of the source's).</summary>
    public HashSet<string> Tools { get; } = new(StringComparer.Ordinal);

    /// <summary>Step 1's <c>tool_choice</c>: <see cref="RequiredChoice"/> or the name of one of <see cref="Tools"/>
    /// (any other value reads as <see cref="RequiredChoice"/>). Later steps are <c>auto</c>.</summary>
    public string FirstChoice { get; set; } = RequiredChoice;

    /// <summary>Whether a send runs a tool turn.</summary>
    public bool IsOn => Source != NoneSource && Tools.Count > 0;

    /// <summary>The MCP server's name when the source is one, else null.</summary>
    public string? McpServer => Source.StartsWith(McpPrefix, StringComparison.Ordinal) ? Source[McpPrefix.Length..] : null;

    /// <summary>The source value of the MCP server <paramref name="name"/>.</summary>
    public static string McpSource(string name) => McpPrefix + name;
}
