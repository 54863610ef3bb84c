using System.Text.Json.Nodes;
using ModelContextProtocol.Client;

namespace Workbench.LabSdk;

/// <summary>
/// The grader's connection to one sandboxed submission, as <see cref="CheckContext"/> uses it: calls of harness
/// operations and the HTTP exchanges the student's code made, as the grading gateway recorded them. Implemented by
/// the grader (Workbench.Lab); checks never implement it.
/// </summary>
public interface ISubmissionChannel
{
    /// <summary>Calls a harness operation in the sandbox and waits for its answer.</summary>
    /// <param name="operation">The operation's name (<see cref="HarnessOperationAttribute.Name"/>).</param>
    /// <param name="input">Its JSON input; null sends JSON null.</param>
    /// <param name="cancellationToken">Cancels the call (the sandbox is told to cancel it too).</param>
    /// <returns>What the operation returned.</returns>
    /// <exception cref="StudentCodeException">The student's code (or the harness) threw.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    Task<JsonNode?> CallAsync(string operation, JsonNode? input, CancellationToken cancellationToken);

    /// <summary>Every exchange the student's code made through the grading gateway in this run so far, oldest
    /// first, complete up to the end of the last call (a snapshot).</summary>
    IReadOnlyList<HttpExchange> Exchanges { get; }

    /// <summary>For an exercise whose host is an MCP server (<c>host: mcp-server</c>): the grader's MCP client,
    /// initialized over the sandbox's standard input and output (stdio transport), shared by every check and trial
    /// of the run. Null for harness exercises.</summary>
    McpClient? Mcp => null;
}
