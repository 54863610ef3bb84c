using System.Text.Json;
using Microsoft.Extensions.AI;
using Workbench.Lab.Tools;

namespace Workbench.Lab.Mcp;

/// <summary>An MCP server's tool as an <see cref="AIFunction"/> for the tool loop and the chat: the listed name,
/// description and <c>inputSchema</c>; invoking it calls <see cref="IMcpServerRegistry.CallToolAsync"/> (schema
/// check, timeout, traffic). A result is its text (or its content JSON when it has no text); an error result
/// throws <see cref="ToolException"/> with its text, which the <see cref="ToolLoop"/> hands the model as an error.</summary>
internal sealed class McpToolFunction(IMcpServerRegistry registry, string server, McpToolInfo tool) : AIFunction
{
    /// <inheritdoc/>
    public override string Name => tool.Name;

    /// <inheritdoc/>
    public override string Description => tool.Description ?? "";

    /// <inheritdoc/>
    public override JsonElement JsonSchema => tool.InputSchema;

    /// <inheritdoc/>
    public override JsonSerializerOptions JsonSerializerOptions => AIJsonUtilities.DefaultOptions;

    /// <inheritdoc/>
    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToElement(
            arguments.ToDictionary(kv => kv.Key, kv => kv.Value), AIJsonUtilities.DefaultOptions);
        McpToolCallResult result;
        try
        {
            result = await registry.CallToolAsync(server, tool.Name, json, cancellationToken).ConfigureAwait(false);
        }
        catch (McpServerUnavailableException e)
        {
            throw new ToolException(e.Message);
        }
        string text = result.Text.Length > 0 ? result.Text : result.Content.GetRawText();
        if (result.IsError) throw new ToolException(text);
        return text;
    }
}
