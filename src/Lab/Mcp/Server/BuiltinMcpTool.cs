using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Workbench.Lab.Tools;

namespace Workbench.Lab.Mcp.Server;

/// <summary>
/// One built-in tool (<see cref="Tools.Builtin.BuiltinTools"/>) as an MCP tool: name, description and the
/// <c>AIFunction.JsonSchema</c> (an object schema) as <c>inputSchema</c>. A call's arguments go to the
/// function as <see cref="JsonElement"/>s; its result text is one <c>text</c> content block.
/// </summary>
/// <remarks>
/// Failures are results, not JSON-RPC errors (MCP 2025-11-25, "Tools", error handling: tool execution errors are
/// reported in the result with <c>isError: true</c>). The SDK's own <c>McpServerTool.Create(AIFunction)</c> hides an
/// exception's message behind a generic "An error occurred invoking …" unless it is an <c>McpException</c>, so
/// this type does the translation itself: a <see cref="ToolException"/> (the tool's refusal, or arguments that fail
/// the schema — <c>BuiltinTool</c> throws it for both) becomes <c>isError</c> with its message; any other exception
/// is logged with its stack and becomes <c>isError</c> naming the tool and the exception type only.
/// Cancellation by the client stays cancellation.
/// </remarks>
internal sealed class BuiltinMcpTool : McpServerTool
{
    private readonly AIFunction function;
    private readonly ILogger logger;

    public BuiltinMcpTool(AIFunction function, ILogger logger)
    {
        this.function = function;
        this.logger = logger;
        ProtocolTool = new Tool
        {
            Name = function.Name,
            Description = function.Description,
            InputSchema = function.JsonSchema,
        };
    }

    /// <inheritdoc/>
    public override Tool ProtocolTool { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<object> Metadata { get; } = [];

    /// <inheritdoc/>
    public override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var arguments = new AIFunctionArguments();
        if (request.Params?.Arguments is { } given)
        {
            foreach (var (name, value) in given) arguments[name] = value;
        }
        try
        {
            var value = await function.InvokeAsync(arguments, cancellationToken).ConfigureAwait(false);
            return Result(ResultText(value), isError: false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (ToolException e)
        {
            return Result(e.Message, isError: true);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "MCP tool {Tool} threw.", function.Name);
            return Result($"The tool '{function.Name}' failed ({e.GetType().Name}).", isError: true);
        }
    }

    private static CallToolResult Result(string text, bool isError) =>
        new() { Content = [new TextContentBlock { Text = text }], IsError = isError };

    private static string ResultText(object? value) => value switch
    {
        null => "",
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString()!,
        JsonElement element => element.GetRawText(),
        _ => JsonSerializer.Serialize(value, AIJsonUtilities.DefaultOptions),
    };
}
