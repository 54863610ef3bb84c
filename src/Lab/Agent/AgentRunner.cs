using System.ClientModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Workbench.Engine.Conversation;
using Workbench.Engine.Inference;
using Workbench.Lab.Agent.Sandboxed;
using Workbench.Lab.Backends;
using Workbench.Lab.Tools;

namespace Workbench.Lab.Agent;

/// <summary>
/// The agent loop (issue 14 §2), written out: a workspace (a copy of the task's files in a sandbox run folder), the
/// system prompt <see cref="AgentPrompts.System"/> and task.md as the user message, the six tools of
/// <see cref="AgentToolbox"/>; then ask the model, run its tool calls one at a time with <see cref="ToolInvoker"/>
/// (errors become results), append the results, and — with verify-on-edit, after a kept edit — one
/// <see cref="AgentPrompts.Nudge"/> user message; until a reply without calls (<see cref="AgentStopReason.FinalAnswer"/>),
/// a limit (MaxSteps, MaxTokens as the sum of reported usage, WallTime), cancellation (Stopped) or a backend failure
/// (BackendError, its message in <see cref="AgentRunRecord.Error"/>). Then the hidden tests are copied over the
/// workspace and the task's test command runs in the sandbox (<see cref="TestTimeout"/>), always, whatever ended the
/// loop; the diff is taken before the hidden files are copied; the run folder is deleted.
/// </summary>
/// <remarks>
/// Compaction: before a request whose prompt is estimated (the last request's reported prompt + completion tokens,
/// plus a quarter of the characters added since) at ≥ <see cref="CompactionPercent"/> % of the backend's
/// <see cref="BackendInfo.ContextWindow"/> (none = never), every message after the task and before the newest
/// model turn is replaced by a model-written summary (<see cref="ChatClientHistorySummarizer"/>, an
/// <see cref="IHistorySummarizer"/>); the step records it. Engine's <see cref="SummarizeAndCompactStrategy"/> is not
/// used as is: it compacts whole user turns and counts tokens with the built-in model's tokenizer, while an agent
/// run is one user turn of many tool rounds on a backend whose tokenizer is not at hand.
/// </remarks>
/// <param name="backends">Gives the chat client of the request's backend.</param>
/// <param name="commands">Runs <c>bash</c>, the Python check and the hidden tests in the sandbox.</param>
/// <param name="logger">Logger; null = none.</param>
public sealed partial class AgentRunner(IChatBackends backends, AgentCommandRunner commands, ILogger<AgentRunner>? logger = null) : IAgentRunner
{
    /// <summary>The hidden test run's time limit: 120 s.</summary>
    public static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(120);

    /// <summary>The wall time when the request gives none: 10 minutes.</summary>
    public static readonly TimeSpan DefaultWallTime = TimeSpan.FromMinutes(10);

    /// <summary>One tool call's time limit (the bash tool's own limit is 30 s; this bounds every tool).</summary>
    public static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Share of the context window at which the history is compacted: 75 %.</summary>
    public const int CompactionPercent = 75;

    /// <summary><see cref="ChatOptions.MaxOutputTokens"/> of each request (less when fewer tokens of
    /// <see cref="AgentRunRequest.MaxTokens"/> are left).</summary>
    public const int MaxOutputTokensPerStep = 2048;

    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    /// <inheritdoc/>
    public async Task<AgentRunRecord> RunAsync(AgentRunRequest request, Action<AgentRunRecord>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.MaxSteps is < 1 or > 100) throw new ArgumentOutOfRangeException(nameof(request), request.MaxSteps, "MaxSteps must be within 1..100.");
        if (request.MaxTokens < 1) throw new ArgumentOutOfRangeException(nameof(request), request.MaxTokens, "MaxTokens must be 1 or more.");
        var backendName = string.IsNullOrEmpty(request.Backend) ? IChatBackends.BuiltInName : request.Backend;
        var info = backends.List().FirstOrDefault(b => string.Equals(b.Name, backendName, StringComparison.Ordinal));
        var run = new RunState(request, backendName, request.Model ?? info?.Model, progress);
        run.Report();

        string directory;
        try
        {
            directory = commands.CreateWorkspace();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return run.End(AgentRunStatus.Failed, null, "The sandbox is not available: " + e.Message);
        }
        try
        {
            var workspace = AgentWorkspace.Create(request.Task, directory);
            var toolbox = new AgentToolbox(workspace, commands, request.VerifyOnEdit);
            run.Toolbox = toolbox;
            run.Status = AgentRunStatus.Running;
            run.Report();
            await LoopAsync(run, toolbox, info, cancellationToken).ConfigureAwait(false);

            run.Status = AgentRunStatus.Testing;
            run.Report();
            var hidden = request.Task.HiddenFiles();
            run.Diff = AgentDiff.Compute(request.Task, workspace, hidden);
            workspace.CopyFrom(Path.Combine(request.Task.Directory, AgentTask.HiddenFolder), hidden);
            run.Tests = await TestAsync(request.Task, workspace).ConfigureAwait(false);
            var failed = run.StopReason == AgentStopReason.BackendError || run.SandboxError is not null;
            return run.End(failed ? AgentRunStatus.Failed : AgentRunStatus.Finished, run.StopReason, run.Error ?? run.SandboxError);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogWarning(e, "Agent run on {Task} failed.", request.Task.Id);
            return run.End(AgentRunStatus.Failed, run.StopReason, $"The run failed: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            commands.DeleteWorkspace(directory);
        }
    }

    private async Task<AgentTestOutcome> TestAsync(AgentTask task, AgentWorkspace workspace)
    {
        try
        {
            // Not cancellable by Stop: a stopped run is still graded (the limit bounds it).
            var result = await commands.RunAsync(workspace.Root, task.TestCommand, TestTimeout, CancellationToken.None).ConfigureAwait(false);
            return new AgentTestOutcome(task.TestCommand, result.Succeeded, result.ExitCode, result.ToToolText(), result.Ms);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new AgentTestOutcome(task.TestCommand, false, null, $"The tests could not run: {e.Message}", 0);
        }
    }

    /// <summary>The message a backend failure shows in the UI and the trace.</summary>
    /// <param name="backend">The backend's name.</param>
    /// <param name="error">What the client threw.</param>
    public static string DescribeBackendError(string backend, Exception error) => error switch
    {
        BackendException e => e.Message,
        ClientResultException e when e.Status > 0 => $"Backend '{backend}' answered HTTP {e.Status.ToString(CultureInfo.InvariantCulture)}: {e.Message}",
        ClientResultException e => $"Backend '{backend}' failed: {e.Message}",
        HttpRequestException e => $"Backend '{backend}' could not be reached: {e.Message}",
        TaskCanceledException or TimeoutException => $"Backend '{backend}' did not answer in time.",
        JsonException or FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException
            => $"Backend '{backend}' returned a reply that is not an OpenAI chat completion: {error.Message}",
        EngineException e => $"The built-in engine failed: {e.Message}",
        _ => $"Backend '{backend}' failed: {error.GetType().Name}: {error.Message}",
    };

    // What the model wrote, markup included: the raw_text additional property (the built-in engine), else the
    // text followed by the calls as JSON.
    internal static string RawText(ChatResponse response, IReadOnlyList<FunctionCallContent> calls)
    {
        if (response.AdditionalProperties?.TryGetValue(EngineChatClient.RawTextProperty, out var raw) == true)
        {
            if (raw is string text) return text;
            if (raw is JsonElement { ValueKind: JsonValueKind.String } element) return element.GetString()!;
        }
        var result = new StringBuilder(response.Text);
        if (calls.Count > 0)
        {
            if (result.Length > 0) result.Append('\n');
            result.Append(JsonSerializer.Serialize(calls.Select(c => new { name = c.Name, arguments = c.Arguments })));
        }
        return result.ToString();
    }
}
