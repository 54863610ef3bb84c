using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Workbench.Lab.Agent;

namespace Workbench.Web.Components.Widgets.Agent;

/// <summary>
/// The trajectory viewer of one <see cref="AgentRunRecord"/> (issue 14 §2): per step the raw model text (collapsible,
/// monospace), each parsed call (name and pretty-printed JSON arguments) with its result — error results marked, an
/// edit that verify-on-edit rolled back marked "rolled back" with its syntax error, a refused edit (a non-unique or
/// absent <c>old_string</c>) marked "refused" — tokens in/out and milliseconds; the nudge and compaction messages
/// verbatim where they happened; "Show diff" on every call that touched a file; the stop reason, final answer and the
/// hidden tests' command, verdict and output. Re-render it with a newer record to grow it live.
/// </summary>
public partial class TrajectoryView
{
    /// <summary>How a call's result is shown.</summary>
    internal enum ResultKind
    {
        /// <summary>The call has no result yet.</summary>
        Pending,

        /// <summary>A successful call that did not change a file.</summary>
        Ok,

        /// <summary>A kept file change.</summary>
        Edited,

        /// <summary>Verify-on-edit rolled the change back.</summary>
        RolledBack,

        /// <summary>An edit tool that changed nothing and returned an error (e.g. old_string not unique).</summary>
        Refused,

        /// <summary>Any other error result.</summary>
        Error,
    }

    /// <summary>The run to show (a newer snapshot re-renders it).</summary>
    [Parameter, EditorRequired] public AgentRunRecord Record { get; set; } = default!;

    /// <summary>"Show diff" was pressed: the index into <see cref="AgentRunRecord.Edits"/>.</summary>
    [Parameter] public EventCallback<int> ShowDiff { get; set; }

    private bool IsActive => Record.Status is AgentRunStatus.Queued or AgentRunStatus.Running or AgentRunStatus.Testing;

    private AgentFileEdit? EditOf(AgentToolResult? result) =>
        result?.EditIndex is { } i && i >= 0 && i < Record.Edits.Count ? Record.Edits[i] : null;

    internal static ResultKind Classify(AgentToolResult? result, AgentFileEdit? edit) => result switch
    {
        null => ResultKind.Pending,
        _ when edit is { RolledBack: true } => ResultKind.RolledBack,
        { IsError: true } when IsEditTool(result.Name) => ResultKind.Refused,
        { IsError: true } => ResultKind.Error,
        _ when edit is not null => ResultKind.Edited,
        _ => ResultKind.Ok,
    };

    private static bool IsEditTool(string name) => name is "edit_file" or "write_file";

    /// <summary>Indents a call's JSON arguments; text that is not JSON is shown as it came (the model wrote it).</summary>
    internal static string PrettyJson(string arguments)
    {
        try
        {
            using var document = JsonDocument.Parse(arguments);
            return JsonSerializer.Serialize(document.RootElement, PrettyOptions);
        }
        catch (JsonException)
        {
            return arguments;
        }
    }

    private static readonly JsonSerializerOptions PrettyOptions = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    internal static string FormatTokens(long? tokens) => tokens?.ToString("N0", CultureInfo.InvariantCulture) ?? "?";

    internal static string FormatMs(double ms) => ms >= 1000
        ? (ms / 1000).ToString("0.0", CultureInfo.InvariantCulture) + " s"
        : ms.ToString("0", CultureInfo.InvariantCulture) + " ms";

    internal static string Describe(AgentStopReason reason) => reason switch
    {
        AgentStopReason.FinalAnswer => "the model answered without a tool call (final answer).",
        AgentStopReason.MaxSteps => "the step limit was reached.",
        AgentStopReason.MaxTokens => "the token limit was reached.",
        AgentStopReason.WallTime => "the wall-time limit was reached.",
        AgentStopReason.Stopped => "stopped by the user.",
        AgentStopReason.BackendError => "the backend failed.",
        _ => reason.ToString(),
    };
}
