using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Workbench.Engine.Grammar.JsonSchema;

namespace Workbench.Lab.Tools;

/// <summary>Runs one <see cref="FunctionCallContent"/> against a set of tools and turns every failure into an error
/// result for the model; only the caller's own cancellation escapes as an exception. <see cref="ToolLoop"/> uses it for
/// every call, and the web chat page for the calls of its tool turns.</summary>
/// <param name="tools">The tools a call may name (matched by name, ordinal).</param>
/// <param name="timeout">How long one call may run before it is cancelled and answered with a timeout error.</param>
/// <param name="logger">Receives exceptions tools throw (with their stacks).</param>
public sealed class ToolInvoker(IReadOnlyList<AIFunction> tools, TimeSpan timeout, ILogger logger)
{
    // MEAI's defaults (they serialise JsonElement and CLR argument values alike), written compact as on the wire.
    private static readonly JsonSerializerOptions Compact = new(AIJsonUtilities.DefaultOptions) { WriteIndented = false };

    /// <summary>The call's arguments as a compact JSON object text (<c>{}</c> when it has none).</summary>
    /// <param name="call">The call.</param>
    public static string ArgumentsJson(FunctionCallContent call) =>
        JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>(), Compact);

    /// <summary>Runs <paramref name="call"/>: unknown tool, unreadable or schema-invalid arguments, a
    /// <see cref="ToolException"/>, any other exception and a timeout each become a result with
    /// <see cref="ToolResultTrace.IsError"/> set.</summary>
    /// <param name="call">The call as MEAI shapes it (arguments as a dictionary).</param>
    /// <param name="callId">The id the result answers (<c>tool_call_id</c>).</param>
    /// <param name="cancellationToken">The caller's cancellation.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ToolResultTrace> InvokeAsync(FunctionCallContent call, string callId, CancellationToken cancellationToken)
    {
        var tool = tools.FirstOrDefault(t => string.Equals(t.Name, call.Name, StringComparison.Ordinal));
        if (tool is null)
        {
            var known = tools.Count == 0 ? "none" : string.Join(", ", tools.Select(t => t.Name));
            return Error($"Unknown tool '{call.Name}'. Available tools: {known}.");
        }
        if (call.Exception is { } parseError)
            return Error($"The arguments of '{call.Name}' could not be read: {parseError.Message}");
        if (CheckArguments(tool, call) is { } invalid) return Error(invalid);

        var started = Stopwatch.GetTimestamp();
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            var value = await tool.InvokeAsync(new AIFunctionArguments(call.Arguments), timeoutSource.Token)
                .AsTask().WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return new(callId, call.Name, ResultText(value), false, Elapsed(started));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            return new(callId, call.Name, $"The tool '{call.Name}' did not finish within {Seconds(timeout)} and was cancelled.", true, Elapsed(started));
        }
        catch (ToolException e)
        {
            return new(callId, call.Name, e.Message, true, Elapsed(started));
        }
        catch (Exception e)
        {
            // Returned to the model as the result; logged whole so the stack is not lost.
            logger.LogWarning(e, "Tool {Tool} threw.", call.Name);
            return new(callId, call.Name, $"The tool '{call.Name}' failed: {e.GetType().Name}: {e.Message}", true, Elapsed(started));
        }

        ToolResultTrace Error(string text) => new(callId, call.Name, text, true, 0);
    }

    // The arguments against the tool's JSON schema, with the Engine's validator. A schema outside the validator's
    // subset (AIFunctionFactory may emit keywords it lacks) is not checked here: the tool's own binding still is.
    private static string? CheckArguments(AIFunction tool, FunctionCallContent call)
    {
        IReadOnlyList<JsonSchemaError> errors;
        try
        {
            errors = JsonSchemaValidator.Validate(tool.JsonSchema, ArgumentsJson(call));
        }
        catch (JsonSchemaException)
        {
            return null;
        }
        return errors.Count == 0
            ? null
            : $"Invalid arguments for '{tool.Name}': {string.Join(" ", errors.Select(e => e.Message))} Expected: {tool.JsonSchema.GetRawText()}";
    }

    private static string ResultText(object? value) => value switch
    {
        null => "",
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString()!,
        JsonElement element => element.GetRawText(),
        _ => JsonSerializer.Serialize(value, Compact),
    };

    private static double Elapsed(long started) => Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
