using System.Text.Json;

namespace Workbench.Lab.Mcp;

/// <summary>Where a configured server's connection stands.</summary>
public enum McpServerStatus
{
    /// <summary>Starting the process or opening the HTTP session, then <c>initialize</c> and the first lists.</summary>
    Connecting,

    /// <summary>Initialized; tools (and resources, prompts where offered) are listed.</summary>
    Connected,

    /// <summary>It did not start, did not answer within the timeout, refused the handshake, or died; see
    /// <see cref="McpServerSnapshot.Error"/>. A reconnect retries.</summary>
    Failed,

    /// <summary>Disconnected on purpose (the lab is stopping, or the server is being removed).</summary>
    Stopped,
}

/// <summary>A tool as <c>tools/list</c> gave it.</summary>
/// <param name="Name">The tool's name.</param>
/// <param name="Description">Its description, or null.</param>
/// <param name="InputSchema">Its <c>inputSchema</c> (a JSON Schema object).</param>
public sealed record McpToolInfo(string Name, string? Description, JsonElement InputSchema);

/// <summary>A resource as <c>resources/list</c> gave it.</summary>
public sealed record McpResourceInfo(string Uri, string Name, string? Description, string? MimeType);

/// <summary>A prompt argument as <c>prompts/list</c> gave it.</summary>
public sealed record McpPromptArgumentInfo(string Name, string? Description, bool Required);

/// <summary>A prompt as <c>prompts/list</c> gave it.</summary>
public sealed record McpPromptInfo(string Name, string? Description, IReadOnlyList<McpPromptArgumentInfo> Arguments);

/// <summary>One configured server at one moment (immutable; the registry replaces it on every change).</summary>
/// <param name="Name">The configured name.</param>
/// <param name="Transport">stdio or HTTP.</param>
/// <param name="Status">Connection status.</param>
/// <param name="Error">Why it is <see cref="McpServerStatus.Failed"/> (what a person can act on: "command 'x' not
/// found", "no answer to initialize within 10 s", "the process exited with code 1: &lt;stderr tail&gt;"); else null.</param>
/// <param name="Target">What it runs or reaches: the command line, or the URL (no header values: they may be secrets).</param>
/// <param name="FromConfigFile">True for entries of <c>Mcp:ConfigFile</c>; false for servers added at run time.</param>
/// <param name="ServerName">The <c>serverInfo.name</c> from <c>initialize</c>, or null before.</param>
/// <param name="ServerVersion">The <c>serverInfo.version</c>, or null.</param>
/// <param name="ProtocolVersion">The negotiated protocol version, or null.</param>
/// <param name="Instructions">The server's <c>instructions</c>, or null.</param>
/// <param name="Capabilities">The server's capability names (<c>tools</c>, <c>resources</c>, <c>prompts</c>,
/// <c>logging</c>, <c>completions</c>), in that order.</param>
/// <param name="Tools">The tools listed (empty when not connected).</param>
/// <param name="Resources">The resources listed (empty when the server offers none).</param>
/// <param name="Prompts">The prompts listed (empty when the server offers none).</param>
/// <param name="ConnectedAt">When the handshake finished, or null.</param>
public sealed record McpServerSnapshot(
    string Name,
    McpTransportKind Transport,
    McpServerStatus Status,
    string? Error,
    string Target,
    bool FromConfigFile,
    string? ServerName,
    string? ServerVersion,
    string? ProtocolVersion,
    string? Instructions,
    IReadOnlyList<string> Capabilities,
    IReadOnlyList<McpToolInfo> Tools,
    IReadOnlyList<McpResourceInfo> Resources,
    IReadOnlyList<McpPromptInfo> Prompts,
    DateTimeOffset? ConnectedAt);

/// <summary>The answer of a <c>tools/call</c>, or of a call refused before it was sent.</summary>
/// <param name="Content">The result's <c>content</c> array as JSON (MCP content blocks: <c>{"type": "text",
/// "text": …}</c>, image, audio, resource links, embedded resources).</param>
/// <param name="IsError">The result's <c>isError</c>: the tool failed, or the arguments did not match the tool's
/// <c>inputSchema</c> (then the call was never sent and the text says which field and why).</param>
/// <param name="StructuredContent">The result's <c>structuredContent</c>, or null.</param>
/// <param name="Milliseconds">Wall time of the call, in milliseconds.</param>
public sealed record McpToolCallResult(JsonElement Content, bool IsError, JsonElement? StructuredContent, double Milliseconds)
{
    /// <summary>The text of the result's text blocks, joined by newlines (what a model reads as the tool result).</summary>
    public string Text => Content.ValueKind != JsonValueKind.Array ? "" : string.Join("\n",
        Content.EnumerateArray()
            .Where(b => b.ValueKind == JsonValueKind.Object && b.TryGetProperty("type", out var t) && t.GetString() == "text"
                        && b.TryGetProperty("text", out _))
            .Select(b => b.GetProperty("text").GetString()));
}

/// <summary>The answer of <c>resources/read</c>: its <c>contents</c> array as JSON (text or base64 blob per item).</summary>
public sealed record McpResourceReadResult(JsonElement Contents);

/// <summary>The answer of <c>prompts/get</c>: its <c>description</c> and <c>messages</c> as JSON.</summary>
public sealed record McpPromptResult(string? Description, JsonElement Messages);
