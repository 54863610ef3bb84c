using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workbench.Sandbox;

// The sandbox's protocol with the grader: Workbench.Lab's SandboxRunner writes the request file, then talks with the
// sandbox over its private channel (the standard input and output it was started with, duplicated to private
// descriptors before the student's code runs: see PrivateChannel.cs). Line-delimited JSON, camelCase, at most
// MaxMessageBytes per line. The grader sends CallRequests; the sandbox answers each with one CallResponse. The
// sandbox never reports a verdict: the hidden checks run in the grader. This one file is compiled into both
// assemblies (Lab.csproj links it), so the two sides cannot drift.

/// <summary>The run request: <c>Workbench.Sandbox &lt;run.json&gt;</c>. The file is deleted once read.</summary>
/// <param name="AssemblyPath">The compiled submission (student files + the exercise's harness, embedded portable PDB).</param>
/// <param name="StudentFiles">The student's file names (for example <c>Solution.cs</c>): exceptions are located
/// by the first stack frame in one of them.</param>
/// <param name="Operations">The harness operations the grader may call.</param>
/// <param name="Endpoint">The lab endpoint's root URI (a label when <paramref name="SocketPath"/> is set).</param>
/// <param name="Model">The served model's id.</param>
/// <param name="SocketPath">The grading gateway's Unix domain socket, or null to use TCP.</param>
/// <param name="Token">The run's bearer token for the gateway.</param>
/// <param name="Host">What the sandbox serves on its private channel: <see cref="SandboxHosts.Harness"/> (this
/// protocol's calls of harness operations) or <see cref="SandboxHosts.McpServer"/> (an MCP server over the stdio
/// transport — newline-delimited JSON-RPC 2.0 — with the tools, resources and prompts the submission declares by the
/// MCP SDK's attributes; the grader is its MCP client).</param>
internal sealed record RunRequest(
    string AssemblyPath,
    IReadOnlyList<string> StudentFiles,
    IReadOnlyList<HarnessOperationEntry> Operations,
    string Endpoint,
    string Model,
    string? SocketPath,
    string? Token,
    string Host = SandboxHosts.Harness);

/// <summary>The values of <see cref="RunRequest.Host"/> (the exercise's yaml <c>host</c>).</summary>
internal static class SandboxHosts
{
    /// <summary>The grader calls harness operations (<see cref="CallRequest"/> / <see cref="CallResponse"/>).</summary>
    public const string Harness = "harness";

    /// <summary>The sandbox is an MCP server on the channel; the grader connects an MCP client to it.</summary>
    public const string McpServer = "mcp-server";
}

/// <summary>One harness operation: its name and the method that implements it.</summary>
/// <param name="Name">The operation's name (<c>[HarnessOperation("name")]</c>).</param>
/// <param name="Type">The full metadata name of the type declaring the method.</param>
/// <param name="Method">The method's name: <c>static</c>, <c>(JsonNode?, HarnessContext)</c>, returning
/// <c>JsonNode?</c> or <c>Task&lt;JsonNode?&gt;</c>.</param>
internal sealed record HarnessOperationEntry(string Name, string Type, string Method);

/// <summary>Grader → sandbox: call an operation, or (<paramref name="Cancel"/>) cancel call <paramref name="Id"/>.</summary>
/// <param name="Id">The call's id, unique in the run.</param>
/// <param name="Op">The operation's name (null for a cancellation).</param>
/// <param name="Input">The operation's JSON input.</param>
/// <param name="Cancel">True: cancel the pending call <paramref name="Id"/>.</param>
internal sealed record CallRequest(long Id, string? Op, JsonNode? Input, bool Cancel = false);

/// <summary>Sandbox → grader: the answer to call <paramref name="Id"/>: its output, or the error it raised.</summary>
/// <param name="Id">The call's id.</param>
/// <param name="Output">What the operation returned (when <paramref name="Error"/> is null).</param>
/// <param name="Error">The exception the student's code (or the harness) threw, or null.</param>
internal sealed record CallResponse(long Id, JsonNode? Output, CallError? Error);

/// <summary>An exception thrown inside the sandbox.</summary>
/// <param name="Type">The exception's type name without namespace.</param>
/// <param name="Message">Its message (at most 1,000 characters).</param>
/// <param name="Location"><c>File.cs:line</c> of the innermost frame in the student's files, or null.</param>
/// <param name="OutOfMemory">The call ran out of memory (the GC heap limit); the sandbox exits with
/// <see cref="SandboxExitCodes.OutOfMemory"/> after answering.</param>
internal sealed record CallError(string Type, string Message, string? Location, bool OutOfMemory = false);

/// <summary>Exit codes besides 0 (the grader closed the channel).</summary>
internal static class SandboxExitCodes
{
    /// <summary>The run request or the assembly was unusable, or the confinement failed; the reason is on standard error.</summary>
    public const int BadRequest = 2;

    /// <summary>A call ran out of memory; its answer has <see cref="CallError.OutOfMemory"/> set.</summary>
    public const int OutOfMemory = 3;

    /// <summary>MCP mode: the submission declares a tool, resource or prompt the SDK cannot serve; the reason (for
    /// the student) is the first line of standard error.</summary>
    public const int ServerFailed = 4;
}

/// <summary>The JSON settings and framing of the protocol.</summary>
internal static class SandboxJson
{
    /// <summary>The largest message either side accepts, in bytes of UTF-8 without the line feed (1 MiB).</summary>
    public const int MaxMessageBytes = 1 << 20;

    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>One message as a line: UTF-8 JSON and a line feed (JSON text never contains a raw line feed).</summary>
    public static byte[] Frame<T>(T message) =>
        [.. JsonSerializer.SerializeToUtf8Bytes(message, Options), (byte)'\n'];
}

/// <summary>Reads line-delimited messages from a stream, refusing lines longer than
/// <see cref="SandboxJson.MaxMessageBytes"/>. Not thread-safe: one reader per stream.</summary>
/// <param name="stream">The stream (a pipe).</param>
internal sealed class JsonLineReader(Stream stream)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly MemoryStream _line = new();
    private int _start;
    private int _end;

    /// <summary>The next line without its line feed; null at the end of the stream (a last unfinished line is dropped).</summary>
    /// <exception cref="InvalidDataException">A line is longer than <see cref="SandboxJson.MaxMessageBytes"/>.</exception>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            var take = (newline < 0 ? _end : newline) - _start;
            if (_line.Length + take > SandboxJson.MaxMessageBytes)
                throw new InvalidDataException($"a message is longer than {SandboxJson.MaxMessageBytes} bytes");
            _line.Write(_buffer, _start, take);
            if (newline >= 0)
            {
                _start = newline + 1;
                var text = Encoding.UTF8.GetString(_line.GetBuffer(), 0, (int)_line.Length);
                _line.SetLength(0);
                return text;
            }
            _start = 0;
            _end = await stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
            if (_end == 0) return null;
        }
    }
}
