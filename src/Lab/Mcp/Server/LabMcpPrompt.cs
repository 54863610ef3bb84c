using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Workbench.Lab.Mcp.Server;

/// <summary>A prompt of the lab's MCP server: its declared arguments, checked before <paramref name="render"/>
/// runs. A missing required argument, an argument the prompt does not declare, or a value that is not a string is
/// a JSON-RPC error <c>-32602</c> (invalid params); <paramref name="render"/> throws
/// <see cref="McpProtocolException"/> for values it rejects (also <c>-32602</c>).</summary>
internal sealed class LabMcpPrompt(Prompt prompt, Func<IReadOnlyDictionary<string, string>, GetPromptResult> render) : McpServerPrompt
{
    /// <inheritdoc/>
    public override Prompt ProtocolPrompt { get; } = prompt;

    /// <inheritdoc/>
    public override IReadOnlyList<object> Metadata { get; } = [];

    /// <inheritdoc/>
    public override ValueTask<GetPromptResult> GetAsync(RequestContext<GetPromptRequestParams> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var declared = ProtocolPrompt.Arguments ?? [];
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in request.Params?.Arguments ?? new Dictionary<string, JsonElement>())
        {
            if (!declared.Any(a => a.Name == name))
                throw Invalid($"The prompt '{ProtocolPrompt.Name}' has no argument '{name}'. Its arguments: {string.Join(", ", declared.Select(a => a.Name))}.");
            if (value.ValueKind != JsonValueKind.String) throw Invalid($"The argument '{name}' must be a string.");
            values[name] = value.GetString()!;
        }
        if (declared.FirstOrDefault(a => a.Required == true && !values.ContainsKey(a.Name)) is { } missing)
            throw Invalid($"The prompt '{ProtocolPrompt.Name}' needs the argument '{missing.Name}'.");
        return ValueTask.FromResult(render(values));
    }

    /// <summary>An invalid-params protocol error with <paramref name="message"/>.</summary>
    public static McpProtocolException Invalid(string message) => new(message, McpErrorCode.InvalidParams);
}
