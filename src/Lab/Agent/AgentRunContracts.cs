using Workbench.Engine.Conversation;

namespace Workbench.Lab.Agent;

/// <summary>One agent run to start (the body of <c>POST /api/agent/runs</c>, resolved).</summary>
/// <param name="Task">The task (from the catalogue or a task folder).</param>
/// <param name="Backend">The backend's name (<see cref="Backends.IChatBackends"/>); null = the built-in engine.</param>
/// <param name="Model">The model to ask the backend for; null = its configured one.</param>
/// <param name="VerifyOnEdit">Syntax-check after each edit, roll back a broken edit, nudge the model to run the tests.</param>
/// <param name="MaxSteps">Model requests at most (1..100). Default 20.</param>
/// <param name="MaxTokens">Prompt + completion tokens of the whole run at most (≥ 1). Default 200 000.</param>
/// <param name="WallTime">Wall-clock limit of the agent's part (the hidden test run is extra); null = 10 minutes.</param>
/// <param name="Seed">Sampling seed sent with every request (the A/B runner's seeds); null = none.</param>
/// <param name="Temperature">Sampling temperature; null = the backend's default.</param>
/// <param name="OwnerId">The user who started it (a student sees only their own runs); null = the local learner.</param>
public sealed record AgentRunRequest(
    AgentTask Task,
    string? Backend = null,
    string? Model = null,
    bool VerifyOnEdit = true,
    int MaxSteps = 20,
    long MaxTokens = 200_000,
    TimeSpan? WallTime = null,
    int? Seed = null,
    float? Temperature = null,
    string? OwnerId = null);

/// <summary>Where a run is.</summary>
public enum AgentRunStatus
{
    /// <summary>Accepted, not started.</summary>
    Queued,

    /// <summary>The agent is working.</summary>
    Running,

    /// <summary>The agent stopped; the hidden tests are running.</summary>
    Testing,

    /// <summary>Ended (see <see cref="AgentStopReason"/> and <see cref="AgentRunRecord.Tests"/>).</summary>
    Finished,

    /// <summary>Ended by an error outside the model's control (the backend failed, the sandbox was unavailable);
    /// <see cref="AgentRunRecord.Error"/> says what.</summary>
    Failed,
}

/// <summary>Why the agent's loop ended.</summary>
public enum AgentStopReason
{
    /// <summary>The model answered without a tool call.</summary>
    FinalAnswer,

    /// <summary><see cref="AgentRunRequest.MaxSteps"/> model requests were made.</summary>
    MaxSteps,

    /// <summary><see cref="AgentRunRequest.MaxTokens"/> were used.</summary>
    MaxTokens,

    /// <summary><see cref="AgentRunRequest.WallTime"/> passed.</summary>
    WallTime,

    /// <summary>The user pressed Stop (or the run was cancelled).</summary>
    Stopped,

    /// <summary>The backend failed (down, timeout, garbage, HTTP error, prompt too long).</summary>
    BackendError,
}

/// <summary>What one tool call returned, with what verify-on-edit did to it.</summary>
/// <param name="CallId">The call's id (<c>tool_call_id</c>).</param>
/// <param name="Name">The tool the model asked for.</param>
/// <param name="Text">The result text the model read.</param>
/// <param name="IsError">True for a failed call (unknown tool, bad arguments, a non-unique edit, a rolled-back edit …).</param>
/// <param name="Ms">Wall time of the call in milliseconds.</param>
/// <param name="EditIndex">Index into <see cref="AgentRunRecord.Edits"/> when the call changed (or tried to change) a file; else null.</param>
public sealed record AgentToolResult(string CallId, string Name, string Text, bool IsError, double Ms, int? EditIndex = null);

/// <summary>One model request of a run and what followed it.</summary>
/// <param name="Index">1-based step number.</param>
/// <param name="Raw">What the model wrote, call markup included (the response's <c>raw_text</c> where the backend gives it, else its text).</param>
/// <param name="Text">The reply's text outside the calls.</param>
/// <param name="ToolCalls">The parsed calls (arguments as JSON object text).</param>
/// <param name="Results">One result per call, same order.</param>
/// <param name="InputTokens">Prompt tokens of this request as the backend reported them; null when unreported.</param>
/// <param name="OutputTokens">Completion tokens; null when unreported.</param>
/// <param name="Ms">Wall time of the model request plus its tool calls, in milliseconds.</param>
/// <param name="Nudge">The nudge message appended after this step (verify-on-edit, after a good edit), or null.</param>
/// <param name="Compaction">When the history was compacted before this step: the model-written summary; else null.</param>
public sealed record AgentStep(
    int Index,
    string Raw,
    string Text,
    IReadOnlyList<ToolCall> ToolCalls,
    IReadOnlyList<AgentToolResult> Results,
    long? InputTokens,
    long? OutputTokens,
    double Ms,
    string? Nudge = null,
    string? Compaction = null);

/// <summary>One change the agent made (or tried) to a file: the before/after pair the diff editor shows.</summary>
/// <param name="Step">The step whose call made it.</param>
/// <param name="CallId">The call's id.</param>
/// <param name="Path">Workspace-relative path ('/' separated).</param>
/// <param name="Before">The file's text before (empty for a new file).</param>
/// <param name="After">The text the edit produced (kept, or rolled back when <see cref="RolledBack"/>).</param>
/// <param name="RolledBack">Verify-on-edit found a syntax error and restored <see cref="Before"/>.</param>
/// <param name="SyntaxError">The syntax check's message when rolled back (file:line:col: message), else null.</param>
public sealed record AgentFileEdit(int Step, string CallId, string Path, string Before, string After, bool RolledBack, string? SyntaxError);

/// <summary>The hidden test run after the agent stopped.</summary>
/// <param name="Command">The task's <c>test_command</c>.</param>
/// <param name="Passed">Exit code 0 within the limits.</param>
/// <param name="ExitCode">The exit code; null when killed at a limit.</param>
/// <param name="Output">Standard output and error together, truncated (the truncation is marked).</param>
/// <param name="Ms">Wall time in milliseconds.</param>
public sealed record AgentTestOutcome(string Command, bool Passed, int? ExitCode, string Output, double Ms);

/// <summary>A run as the API returns it (<c>GET /api/agent/runs/{id}</c>) and the trajectory viewer shows it.</summary>
/// <param name="Id">The run id (32 hex digits).</param>
/// <param name="TaskId">The task's id.</param>
/// <param name="Backend">The backend's name.</param>
/// <param name="Model">The model the backend reported (or was asked for).</param>
/// <param name="VerifyOnEdit">Whether verify-on-edit was on.</param>
/// <param name="Seed">The sampling seed, or null.</param>
/// <param name="OwnerId">Who started it.</param>
/// <param name="Status">Where it is.</param>
/// <param name="StopReason">Why the loop ended (null while running).</param>
/// <param name="Error">The backend's or sandbox's error when <see cref="AgentRunStatus.Failed"/> or <see cref="AgentStopReason.BackendError"/>.</param>
/// <param name="FinalAnswer">The model's last text.</param>
/// <param name="Steps">Every step, in order.</param>
/// <param name="Edits">Every file change, in order.</param>
/// <param name="Tests">The hidden test run (null until it ran).</param>
/// <param name="Diff">A unified diff of the workspace against the task's files (hidden tests excluded).</param>
/// <param name="InputTokens">Sum of the steps' prompt tokens.</param>
/// <param name="OutputTokens">Sum of the steps' completion tokens.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="EndedAt">When it ended (null while running).</param>
public sealed record AgentRunRecord(
    string Id,
    string TaskId,
    string Backend,
    string? Model,
    bool VerifyOnEdit,
    int? Seed,
    string? OwnerId,
    AgentRunStatus Status,
    AgentStopReason? StopReason,
    string? Error,
    string FinalAnswer,
    IReadOnlyList<AgentStep> Steps,
    IReadOnlyList<AgentFileEdit> Edits,
    AgentTestOutcome? Tests,
    string Diff,
    long InputTokens,
    long OutputTokens,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt)
{
    /// <summary>Whether the hidden tests passed.</summary>
    public bool Passed => Tests?.Passed == true;
}

/// <summary>Runs one agent run to its end: workspace, loop, hidden tests, diff.</summary>
public interface IAgentRunner
{
    /// <summary>Runs <paramref name="request"/>.</summary>
    /// <param name="request">What to run.</param>
    /// <param name="progress">Receives the record after every change (a step, an edit, the status), on the run's
    /// thread; null = none.</param>
    /// <param name="cancellationToken">Stops the run (<see cref="AgentStopReason.Stopped"/>); the hidden tests still run.</param>
    /// <returns>The finished record (never throws for the model's or the backend's faults: those are in the record).</returns>
    Task<AgentRunRecord> RunAsync(AgentRunRequest request, Action<AgentRunRecord>? progress, CancellationToken cancellationToken);
}
