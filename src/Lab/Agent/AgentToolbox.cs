using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Workbench.Lab.Agent.Sandboxed;
using Workbench.Lab.Tools;
using Workbench.Lab.Tools.Builtin;

namespace Workbench.Lab.Agent;

/// <summary>
/// The agent's tools over one <see cref="AgentWorkspace"/>, as OpenAI tools (plain <see cref="AIFunction"/>s with
/// explicit JSON schemas): <c>read_file</c>, <c>edit_file</c>, <c>write_file</c>, <c>grep</c>, <c>glob</c> and
/// <c>bash</c> — the edit/read/search/run set of coding harnesses (pi: Read, Edit, Write, Find, LS, Bash). Refusals
/// are <see cref="ToolException"/>s, which <see cref="ToolInvoker"/> turns into error results the model reads.
/// With verify-on-edit (<see cref="VerifyOnEdit"/>) an edit that introduces syntax errors is rolled back and
/// answered with <see cref="AgentPrompts.Rollback"/>. Every kept or rolled-back change is recorded in
/// <see cref="Edits"/>. Not thread-safe: the runner calls one tool at a time (edits are ordered).
/// </summary>
public sealed partial class AgentToolbox
{
    /// <summary>Lines <c>read_file</c> returns when no limit is given.</summary>
    public const int DefaultReadLimit = 200;

    /// <summary>Characters of one line <c>read_file</c> and <c>grep</c> show; longer lines are cut and marked.</summary>
    public const int MaxLineLength = 2000;

    /// <summary>Matches <c>grep</c> returns at most.</summary>
    public const int MaxGrepMatches = 100;

    /// <summary>Paths <c>glob</c> returns at most.</summary>
    public const int MaxGlobResults = 200;

    /// <summary>The <c>bash</c> tool's time limit: 30 s.</summary>
    public static readonly TimeSpan BashTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The time a <c>grep</c> pattern may take on one line before it is abandoned.</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(250);

    private readonly AgentCommandRunner _commands;
    private readonly VerifyOnEdit? _verify;
    private readonly List<AgentFileEdit> _edits = [];
    private int _step;
    private string _callId = "";

    /// <summary>Creates the tools.</summary>
    /// <param name="workspace">The run's workspace.</param>
    /// <param name="commands">Runs <c>bash</c> and the Python syntax check in the sandbox.</param>
    /// <param name="verifyOnEdit">Check the syntax after each edit and roll back broken edits.</param>
    public AgentToolbox(AgentWorkspace workspace, AgentCommandRunner commands, bool verifyOnEdit)
    {
        Workspace = workspace ?? throw new ArgumentNullException(nameof(workspace));
        _commands = commands ?? throw new ArgumentNullException(nameof(commands));
        _verify = verifyOnEdit ? new VerifyOnEdit(commands, workspace) : null;
        Tools =
        [
            new AgentTool("read_file", "Read a text file of the workspace. Returns numbered lines ('     1\\tline'), 200 lines from offset unless limit says otherwise, and says which lines of how many were shown.", ReadFileSchema, ReadFileAsync),
            new AgentTool("edit_file", "Replace old_string with new_string in a file. old_string must occur exactly once in the file (copy it exactly, with enough surrounding lines to be unique); otherwise the edit is refused and the file is unchanged.", EditFileSchema, EditFileAsync),
            new AgentTool("write_file", "Create a file (or replace a file's whole content) with content. Folders are created as needed. Prefer edit_file for changing an existing file.", WriteFileSchema, WriteFileAsync),
            new AgentTool("grep", "Search file contents with a regular expression (.NET syntax). Returns 'path:line: text' lines, at most 100. path limits the search to a file or folder.", GrepSchema, GrepAsync),
            new AgentTool("glob", "List workspace files whose path matches a glob pattern ('**/*.py', 'src/*.cs'; ** spans folders). Sorted.", GlobSchema, GlobAsync),
            new AgentTool("bash", "Run a shell command (sh) in the workspace, in a sandbox without network, with a 30 s limit. Returns its output (truncated when long) and its exit code.", BashSchema, BashAsync),
        ];
    }

    /// <summary>The workspace.</summary>
    public AgentWorkspace Workspace { get; }

    /// <summary>The six tools, in the order they are offered.</summary>
    public IReadOnlyList<AIFunction> Tools { get; }

    /// <summary>Every kept or rolled-back change, in order.</summary>
    public IReadOnlyList<AgentFileEdit> Edits => _edits;

    /// <summary>The index into <see cref="Edits"/> of the change made by the current call, or null.</summary>
    public int? LastEditIndex { get; private set; }

    /// <summary>Whether the current call made a change that was kept (the runner then nudges).</summary>
    public bool LastEditKept { get; private set; }

    /// <summary>Starts a call: the step and call id its edits are recorded under.</summary>
    public void BeginCall(int step, string callId)
    {
        _step = step;
        _callId = callId;
        LastEditIndex = null;
        LastEditKept = false;
    }

    private sealed class AgentTool(string name, string description, string schema, Func<JsonElement, CancellationToken, ValueTask<string>> run)
        : BuiltinTool(name, description, schema)
    {
        protected override ValueTask<string> RunAsync(JsonElement arguments, CancellationToken cancellationToken) => run(arguments, cancellationToken);
    }

    private static string RequiredString(JsonElement arguments, string name) =>
        arguments.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new ToolException($"'{name}' is required (a string).");

    private static string? OptionalString(JsonElement arguments, string name) =>
        arguments.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? OptionalInt(JsonElement arguments, string name)
    {
        if (!arguments.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n)) return n;
        throw new ToolException($"'{name}' must be an integer.");
    }

    private static string Cut(string line) => line.Length <= MaxLineLength ? line : line[..MaxLineLength] + " [… line cut]";

    private static string[] Lines(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }

    private static string Count(int n, string one) => n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? one : one + "s");

    private static StringBuilder Numbered(StringBuilder text, int number, string line) =>
        text.Append(number.ToString(CultureInfo.InvariantCulture).PadLeft(6)).Append('\t').Append(Cut(line)).Append('\n');
}
