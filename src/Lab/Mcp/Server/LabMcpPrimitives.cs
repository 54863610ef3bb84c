using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Workbench.Engine.Tools.Parsing;
using Workbench.Lab.Content;
using Workbench.Lab.Tools.Builtin;

namespace Workbench.Lab.Mcp.Server;

/// <summary>
/// What the lab serves over MCP (its own server: streamable HTTP at <c>/mcp</c> and <c>Workbench.Web --mcp-stdio</c>),
/// built once from the loaded labs and the built-in tools:
/// <list type="bullet">
/// <item><see cref="Tools"/>: every tool of <see cref="BuiltinTools"/> (<c>get_weather</c>, <c>get_time</c>,
/// <c>calculate</c>, <c>convert_units</c>, <c>search_files</c>) with its description and object
/// <c>inputSchema</c>; a refusal or arguments that fail the schema are a result with <c>isError: true</c> and the
/// message as text, never a JSON-RPC error.</item>
/// <item><see cref="Resources"/>: one per lab, <c>lab://&lt;lab-id&gt;</c>, <c>text/markdown</c> — the lab's visible
/// text (never hidden checks, solutions or quiz answers).</item>
/// <item><see cref="Prompts"/>: <c>explain_tool_call {format}</c> (format: one of vLLM's parser names
/// <c>hermes</c>, <c>qwen3_coder</c>, <c>llama3_json</c>, <c>mistral</c>) and <c>lab_help {lab_id}</c>; an unknown
/// value or a missing argument is JSON-RPC error <c>-32602</c>.</item>
/// </list>
/// Protocol errors (an unknown tool, resource or prompt, a malformed request) stay JSON-RPC errors as the SDK
/// answers them. Source: MCP specification 2025-11-25, "Server features".
/// </summary>
public sealed class LabMcpPrimitives
{
    /// <summary>The URI scheme of the lab resources.</summary>
    public const string ResourceScheme = "lab";

    /// <summary>The MIME type of the lab resources.</summary>
    public const string ResourceMimeType = "text/markdown";

    /// <summary>The name of the prompt that explains a tool call in one model family's format.</summary>
    public const string ExplainToolCallPrompt = "explain_tool_call";

    /// <summary>The name of the prompt that asks for help with one lab.</summary>
    public const string LabHelpPrompt = "lab_help";

    /// <summary>Builds the primitives.</summary>
    /// <param name="tools">The built-in tools.</param>
    /// <param name="catalog">The loaded labs (one resource each).</param>
    /// <param name="logger">Where a tool's unexpected exception is logged; null = nowhere.</param>
    public LabMcpPrimitives(BuiltinTools tools, ILabCatalog catalog, ILogger<LabMcpPrimitives>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(catalog);
        var log = (ILogger?)logger ?? NullLogger.Instance;
        Tools = tools.All.Select(f => (McpServerTool)new BuiltinMcpTool(f, log)).ToList();
        Resources = catalog.Labs.Select(l => (McpServerResource)new LabMcpResource(l)).ToList();
        Prompts = [ExplainToolCall(), LabHelp(catalog)];
    }

    /// <summary>The built-in tools, in <see cref="BuiltinTools.Names"/> order.</summary>
    public IReadOnlyList<McpServerTool> Tools { get; }

    /// <summary>One resource per lab, in the catalog's order.</summary>
    public IReadOnlyList<McpServerResource> Resources { get; }

    /// <summary><c>explain_tool_call</c> and <c>lab_help</c>.</summary>
    public IReadOnlyList<McpServerPrompt> Prompts { get; }

    /// <summary>The resource URI of a lab: <c>lab://&lt;lab-id&gt;</c>.</summary>
    /// <param name="labId">A lab id.</param>
    public static string ResourceUri(string labId) => $"{ResourceScheme}://{labId}";

    private static LabMcpPrompt ExplainToolCall()
    {
        var names = string.Join(", ", ToolCallFormats.All.Select(f => f.VllmToolCallParser));
        var prompt = new Prompt
        {
            Name = ExplainToolCallPrompt,
            Title = "Explain a tool call",
            Description = "Asks the model to explain, step by step, how one model family writes a tool call and how a server parses it.",
            Arguments = [new PromptArgument { Name = "format", Description = $"The tool-call format, by vLLM's parser name: {names}.", Required = true }],
        };
        return new LabMcpPrompt(prompt, args =>
        {
            var format = ToolCallFormats.All.FirstOrDefault(f => f.VllmToolCallParser == args["format"])
                ?? throw LabMcpPrompt.Invalid($"Unknown tool-call format '{args["format"]}'. Known formats: {names}.");
            var text = $"""
                A {format.Families} model called the tool get_weather by writing this text ({format.DisplayName} format):

                {format.Example}

                Explain step by step: which part names the function, where the arguments are and how they are encoded,
                how a server recognises the start of a call (it opens with {string.Join(" or ", format.OpeningTriggers)}),
                and which parser setting makes vLLM read it (--tool-call-parser {format.VllmToolCallParser}).
                What happens if the server parses a different format than the model writes?
                """;
            return Result(prompt.Description!, text);
        });
    }

    private static LabMcpPrompt LabHelp(ILabCatalog catalog)
    {
        var prompt = new Prompt
        {
            Name = LabHelpPrompt,
            Title = "Help with a lab",
            Description = "Asks the model for help with one lab of the workbench: its objectives and where to start.",
            Arguments = [new PromptArgument { Name = "lab_id", Description = $"A lab id: {string.Join(", ", catalog.Labs.Select(l => l.Id))}.", Required = true }],
        };
        return new LabMcpPrompt(prompt, args =>
        {
            var lab = catalog.FindLab(args["lab_id"])
                ?? throw LabMcpPrompt.Invalid($"There is no lab '{args["lab_id"]}'. Labs: {string.Join(", ", catalog.Labs.Select(l => l.Id))}.");
            var text = $"""
                I am working on the lab "{lab.Title}" ({lab.EstimatedMinutes} minutes): {lab.Summary}

                Its objectives:
                {string.Join("\n", lab.Objectives.Select(o => "- " + o))}

                Its exercises: {string.Join("; ", lab.Exercises.Select(e => e.Title))}.
                The lab's text is the resource {ResourceUri(lab.Id)}. Explain the ideas I need first, and suggest where to start.
                Do not write the exercises' solutions for me.
                """;
            return Result($"Help with {lab.Title}", text);
        });
    }

    private static GetPromptResult Result(string description, string text) => new()
    {
        Description = description,
        Messages = [new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = text } }],
    };
}
