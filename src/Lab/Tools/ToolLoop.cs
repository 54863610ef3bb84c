using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Workbench.Engine.Conversation;

namespace Workbench.Lab.Tools;

/// <summary>
/// The agent loop, written out so students can read it: ask the model; run every <see cref="FunctionCallContent"/>
/// in its reply (concurrently, each under <see cref="ToolLoopOptions.ToolTimeout"/>); append the results as
/// <see cref="FunctionResultContent"/>s in one tool message; ask again, until a reply without calls or
/// <see cref="ToolLoopOptions.MaxIterations"/> requests. It does what MEAI's <c>FunctionInvokingChatClient</c>
/// (<c>UseFunctionInvocation()</c>) does, over the same plain <see cref="AIFunction"/>s, and records a
/// <see cref="ToolLoopTrace"/>.
/// </summary>
/// <remarks>
/// Failures of a call never leave the loop: an unknown tool (the result names the known ones), arguments the
/// client could not parse (<see cref="FunctionCallContent.Exception"/>), arguments that fail the tool's
/// <see cref="AIFunctionDeclaration.JsonSchema"/> (checked with the Engine's <c>JsonSchemaValidator</c>), a
/// <see cref="ToolException"/> (its message as written), any other exception (type and message; logged with its
/// stack) and a timeout each become an error result the model reads. Calls without an id get
/// <c>call_{iteration}_{index}</c>.
/// </remarks>
/// <param name="client">The model; not disposed here.</param>
/// <param name="logger">Receives tool exceptions; null = none.</param>
public sealed class ToolLoop(IChatClient client, ILogger<ToolLoop>? logger = null)
{
    private readonly ILogger logger = logger ?? (ILogger)NullLogger.Instance;

    /// <summary>Runs the loop.</summary>
    /// <param name="messages">The conversation so far (not modified).</param>
    /// <param name="tools">The tools offered; they are set as <see cref="ChatOptions.Tools"/> of every request.</param>
    /// <param name="chatOptions">Options for every request (cloned; its <c>Tools</c> are replaced); null = defaults.</param>
    /// <param name="options">Iteration cap and timeout; null = <see cref="ToolLoopOptions"/> defaults.</param>
    /// <param name="cancellationToken">Cancels the model request or the tool calls in flight.</param>
    /// <returns>The trace and the conversation after the run.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="options"/> are outside their ranges.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="Exception">Whatever the client throws for a failed model request propagates.</exception>
    public async Task<ToolLoopResult> RunAsync(
        IEnumerable<ChatMessage> messages,
        IReadOnlyList<AIFunction> tools,
        ChatOptions? chatOptions = null,
        ToolLoopOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(tools);
        options ??= new ToolLoopOptions();
        options.Validate();
        var requestOptions = chatOptions?.Clone() ?? new ChatOptions();
        requestOptions.Tools = [.. tools];
        var invoker = new ToolInvoker(tools, options.ToolTimeout, logger);

        var history = new List<ChatMessage>(messages);
        var steps = new List<ToolLoopStep>();
        var started = Stopwatch.GetTimestamp();
        string finalText = "";
        for (int iteration = 1; iteration <= options.MaxIterations; iteration++)
        {
            var modelStarted = Stopwatch.GetTimestamp();
            var response = await client.GetResponseAsync(history, requestOptions, cancellationToken).ConfigureAwait(false);
            double modelMs = Stopwatch.GetElapsedTime(modelStarted).TotalMilliseconds;
            history.AddRange(response.Messages);
            finalText = response.Text;

            var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
            var ids = calls.Select((c, i) => string.IsNullOrEmpty(c.CallId)
                ? string.Create(CultureInfo.InvariantCulture, $"call_{iteration}_{i}") : c.CallId).ToList();

            var toolsStarted = Stopwatch.GetTimestamp();
            var results = await Task.WhenAll(calls.Select((c, i) => invoker.InvokeAsync(c, ids[i], cancellationToken))).ConfigureAwait(false);
            double toolsMs = calls.Count == 0 ? 0 : Stopwatch.GetElapsedTime(toolsStarted).TotalMilliseconds;
            if (calls.Count > 0)
                history.Add(new ChatMessage(ChatRole.Tool, results.Select(r => (AIContent)new FunctionResultContent(r.CallId, r.Text)).ToList()));

            var step = new ToolLoopStep(
                iteration, RawText(response), response.Text,
                calls.Select((c, i) => new ToolCall(ids[i], c.Name, ToolInvoker.ArgumentsJson(c))).ToList(),
                results, response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount, modelMs, toolsMs);
            steps.Add(step);
            options.StepCompleted?.Invoke(step);

            if (calls.Count == 0)
                return Finish(ToolLoopOutcome.Completed, $"Answered after {Iterations(iteration)}.");
        }
        return Finish(ToolLoopOutcome.MaxIterationsReached,
            $"Stopped after {Iterations(options.MaxIterations)}: the model was still calling tools.");

        ToolLoopResult Finish(ToolLoopOutcome outcome, string summary) => new(
            new ToolLoopTrace(outcome, summary, finalText, steps,
                steps.Sum(s => s.InputTokens ?? 0), steps.Sum(s => s.OutputTokens ?? 0),
                Stopwatch.GetElapsedTime(started).TotalMilliseconds),
            history);
    }

    // What the model wrote, markup included, where the client says: an additional property "raw_text" (the
    // Engine's choice), a string RawRepresentation, else the reply's text.
    private static string RawText(ChatResponse response)
    {
        if (response.AdditionalProperties?.TryGetValue("raw_text", out var raw) == true)
        {
            if (raw is string text) return text;
            if (raw is JsonElement { ValueKind: JsonValueKind.String } element) return element.GetString()!;
        }
        return response.RawRepresentation as string ?? response.Text;
    }

    private static string Iterations(int count) => count == 1 ? "1 iteration" : $"{count} iterations";
}
