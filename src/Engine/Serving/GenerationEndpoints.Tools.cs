using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Workbench.Engine.Inference;
using Workbench.Engine.Serving.Wire;
using Workbench.Engine.Tools;
using Workbench.Engine.Tools.Parsing;

namespace Workbench.Engine.Serving;

internal static partial class GenerationEndpoints
{
    /// <summary>A chat generation with tools: the text goes through <paramref name="session"/>'s parser. Whole: the
    /// message carries <c>tool_calls</c> (finished calls only) and the content outside them. Streamed: content and
    /// call deltas in OpenAI's shape as they are parsed (a call's first delta carries index, id, type and name with
    /// <c>arguments: ""</c>; fragments follow), the finish reason <c>tool_calls</c> when a call was parsed. A call
    /// that fails after it started keeps its streamed index; its raw text follows as content (see
    /// <see cref="ToolCallSession"/>).</summary>
    private static async Task RunWithToolsAsync(HttpContext http, IInferenceEngine engine, ApiGeneration generation, ToolCallSession session,
        ChatResponseShape shape, ILogger log)
    {
        var cancellationToken = http.RequestAborted;
        await using var updates = engine.GenerateAsync(generation.Request, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var hasFirst = await updates.MoveNextAsync();
        if (!generation.Stream)
        {
            var logprobs = generation.Logprobs ? new List<TokenLogprobBody>() : null;
            for (var has = hasFirst; has; has = await updates.MoveNextAsync())
            {
                var update = updates.Current;
                session.Push(update.Text);
                if (update.Token is { } token) logprobs?.Add(WireConversions.ToWire(token));
                if (update.FinishReason is { } reason)
                {
                    if (reason == FinishReason.Cancelled && cancellationToken.IsCancellationRequested) return;
                    session.Complete();
                    var message = new ChatMessageOut
                    {
                        Role = "assistant",
                        Content = session.Content,
                        ToolCalls = session.ToolCalls.Count == 0 ? null
                            : [.. session.ToolCalls.Select(c => ToolCallDeltas.ToWire(c))],
                    };
                    var usage = update.Usage is null ? null : WireConversions.ToWire(update.Usage);
                    var timings = update.Timings is null ? null : WireConversions.ToWire(update.Timings, update.Usage);
                    await shape.CompleteMessage(message, logprobs is null ? null : new LogprobsBody { Content = logprobs },
                        session.FinishReason(reason), usage, timings).ExecuteAsync(http);
                    return;
                }
            }
            throw new InvalidOperationException("The engine's stream ended without a finish reason.");
        }

        SseWriter.Start(http);
        try
        {
            await shape.WriteStartAsync(http, cancellationToken);
            for (var has = hasFirst; has; has = await updates.MoveNextAsync())
            {
                var update = updates.Current;
                var logprobs = generation.Logprobs && update.Token is { } token
                    ? new LogprobsBody { Content = [WireConversions.ToWire(token)] }
                    : null;
                var events = new List<ToolCallEvent>(session.Push(update.Text));
                if (update.FinishReason is { } reason) events.AddRange(session.Complete());
                var deltas = ToolCallDeltas.ToWire(events);
                if (deltas.Count == 0 && logprobs is not null) deltas.Add(new ChatMessageOut { Content = "" });
                foreach (var delta in deltas)
                {
                    await shape.WriteDeltaAsync(http, delta, logprobs, null, null, cancellationToken);
                    logprobs = null;
                }
                if (update.FinishReason is { } final)
                {
                    var timings = update.Timings is null ? null : WireConversions.ToWire(update.Timings, update.Usage);
                    await shape.WriteDeltaAsync(http, new ChatMessageOut(), null, session.FinishReason(final), timings, cancellationToken);
                    if (generation.IncludeUsage && update.Usage is not null)
                        await shape.WriteUsageAsync(http, WireConversions.ToWire(update.Usage), timings, cancellationToken);
                    break;
                }
            }
            await SseWriter.WriteDoneAsync(http, cancellationToken);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            log.LogDebug("Client disconnected from stream {Id}.", shape.Id);
        }
        catch (Exception e)
        {
            await ApiIo.WriteStreamErrorAsync(http, e, shape.PromptParam, log);
        }
    }
}
