using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;

namespace Workbench.LabSdk;

/// <summary>
/// What one trial of a hidden check is given. Checks run in the grading process, never in the sandbox: they reach
/// the student's code only through <see cref="CallAsync(string, JsonNode?)"/> (a harness operation, over the
/// sandbox's private channel) and read what it sent over HTTP in <see cref="Exchanges"/>, as the grading gateway
/// recorded it. For an MCP-server exercise they reach it as an MCP client instead (<see cref="Mcp"/>).
/// </summary>
public sealed class CheckContext
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ISubmissionChannel _submission;
    private readonly int _firstExchange;

    /// <summary>Starts a trial: exchanges the submission made before it are not part of it.</summary>
    /// <param name="submission">The sandboxed submission.</param>
    /// <param name="lab">The checks' own client to the lab's endpoint (its requests are not the student's).</param>
    /// <param name="checkId">The check's id.</param>
    /// <param name="trial">1-based trial number, 1..the check's <c>trials</c>.</param>
    /// <param name="cancellationToken">Cancelled when the trial's time is up.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="trial"/> is below 1.</exception>
    public CheckContext(ISubmissionChannel submission, LabContext lab, string checkId, int trial, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentOutOfRangeException.ThrowIfLessThan(trial, 1);
        _submission = submission;
        Lab = lab;
        CheckId = checkId;
        Trial = trial;
        CancellationToken = cancellationToken;
        _firstExchange = submission.Exchanges.Count;
    }

    /// <summary>The checks' own client to the lab's endpoint (for example to fetch a real stream to feed the
    /// student's parser). Its requests are charged to the student but never appear in <see cref="Exchanges"/>.</summary>
    public LabContext Lab { get; }

    /// <summary>The check's id.</summary>
    public string CheckId { get; }

    /// <summary>1-based trial number. Use it to vary inputs between trials.</summary>
    public int Trial { get; }

    /// <summary>A seed for this trial: 1000 + <see cref="Trial"/>, the same for every check and every run, so
    /// sampled requests reproduce.</summary>
    public int Seed => 1000 + Trial;

    /// <summary>Cancelled when the trial runs out of time.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The HTTP exchanges the student's code made since this trial started, oldest first, as the grading
    /// gateway recorded them (complete up to the end of the last <see cref="CallAsync(string, JsonNode?)"/>).</summary>
    public IReadOnlyList<HttpExchange> Exchanges => _submission.Exchanges.Skip(_firstExchange).ToList();

    /// <summary>
    /// For an exercise with <c>host: mcp-server</c>: the grader's MCP client connected to the student's server in the
    /// sandbox over stdio (the sandbox's standard input and output), already initialized. Shared by every check and
    /// trial of the run; pass <see cref="CancellationToken"/> to its calls (each is also bounded by the trial's
    /// timeout). A tool's failure is a <c>CallToolResult</c> with <c>IsError</c>; a protocol error (unknown tool,
    /// resource not found) is an <c>McpProtocolException</c>; a server that is gone is an <see cref="IOException"/>
    /// or <c>McpException</c> (the trial is then not counted, and the run says why the sandbox stopped).
    /// </summary>
    /// <exception cref="InvalidOperationException">The exercise's host is a harness, not an MCP server.</exception>
    public McpClient Mcp => _submission.Mcp
        ?? throw new InvalidOperationException("This exercise is not graded over MCP (its host is a harness): use CallAsync.");

    /// <summary>Calls a harness operation on the student's code in the sandbox.</summary>
    /// <param name="operation">The operation's name, as in the exercise's harness.</param>
    /// <param name="input">Its JSON input.</param>
    /// <returns>The operation's JSON output.</returns>
    /// <exception cref="StudentCodeException">The student's code threw (left uncaught, the check fails with its
    /// type, message and line).</exception>
    /// <exception cref="OperationCanceledException">The trial ran out of time.</exception>
    public Task<JsonNode?> CallAsync(string operation, JsonNode? input = null) =>
        _submission.CallAsync(operation, input, CancellationToken);

    /// <summary>Calls a harness operation with <paramref name="input"/> serialized as JSON (camelCase) and
    /// deserializes its output as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The output's type.</typeparam>
    /// <param name="operation">The operation's name.</param>
    /// <param name="input">Its input, serialized with System.Text.Json's web defaults.</param>
    /// <returns>The output, or default when it was JSON null.</returns>
    /// <exception cref="StudentCodeException">The student's code threw.</exception>
    /// <exception cref="CheckFailedException">The output does not have the shape of <typeparamref name="T"/>.</exception>
    public async Task<T?> CallAsync<T>(string operation, object? input)
    {
        var output = await CallAsync(operation, JsonSerializer.SerializeToNode(input, Json)).ConfigureAwait(false);
        try
        {
            return output is null ? default : output.Deserialize<T>(Json);
        }
        catch (JsonException e)
        {
            throw new CheckFailedException($"The harness operation '{operation}' returned {Truncate(output?.ToJsonString() ?? "null")}, not a {typeof(T).Name}.", e);
        }
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
