using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.AI;
using Workbench.Engine.Conversation;
using Workbench.Lab.Backends;
using Workbench.Lab.Tools;

namespace Workbench.Lab.Agent;

public sealed partial class AgentRunner
{
    private async Task LoopAsync(RunState run, AgentToolbox toolbox, BackendInfo? info, CancellationToken cancellationToken)
    {
        var request = run.Request;
        IChatClient client;
        try
        {
            client = backends.GetChatClient(run.Backend, request.Model);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            run.Stop(AgentStopReason.BackendError, DescribeBackendError(run.Backend, e));
            return;
        }
        using var _ = client;
        using var wall = new CancellationTokenSource(request.WallTime ?? DefaultWallTime);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, wall.Token);
        var token = linked.Token;
        var invoker = new ToolInvoker(toolbox.Tools, ToolTimeout, _logger);
        var summarizer = new ChatClientHistorySummarizer(client);
        var messages = new List<ChatMessage>
        {
            new(ChatRole.System, AgentPrompts.System),
            new(ChatRole.User, request.Task.Instructions),
        };
        string? summary = null;
        long estimate = 0;

        for (int index = 1; index <= request.MaxSteps; index++)
        {
            var started = Stopwatch.GetTimestamp();
            string? compaction = null;
            try
            {
                if (info?.ContextWindow is int window && estimate * 100 >= (long)window * CompactionPercent
                    && await CompactAsync(messages, summary, summarizer, token).ConfigureAwait(false) is { } written)
                {
                    summary = compaction = written;
                    run.AddUsage(summarizer.LastUsage);
                }
            }
            catch (Exception e) when (Classify(e, cancellationToken, wall) is { } reason)
            {
                run.Stop(reason, reason == AgentStopReason.BackendError ? DescribeBackendError(run.Backend, e) : null);
                return;
            }

            var options = new ChatOptions
            {
                Tools = [.. toolbox.Tools],
                ToolMode = ChatToolMode.Auto,
                Seed = request.Seed,
                Temperature = request.Temperature,
                MaxOutputTokens = (int)Math.Max(1, Math.Min(MaxOutputTokensPerStep, request.MaxTokens - run.TotalTokens)),
            };
            ChatResponse response;
            try
            {
                response = await client.GetResponseAsync(messages, options, token).ConfigureAwait(false);
            }
            catch (Exception e) when (Classify(e, cancellationToken, wall) is { } reason)
            {
                run.Stop(reason, reason == AgentStopReason.BackendError ? DescribeBackendError(run.Backend, e) : null);
                return;
            }
            messages.AddRange(response.Messages);
            run.Model ??= response.ModelId;
            var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
            var ids = calls.Select((c, i) => string.IsNullOrEmpty(c.CallId) ? string.Create(CultureInfo.InvariantCulture, $"call_{index}_{i}") : c.CallId).ToList();

            var results = new List<AgentToolResult>();
            var kept = false;
            AgentStopReason? interrupted = null;
            for (int i = 0; i < calls.Count && interrupted is null; i++)
            {
                toolbox.BeginCall(index, ids[i]);
                try
                {
                    var result = await invoker.InvokeAsync(calls[i], ids[i], token).ConfigureAwait(false);
                    results.Add(new AgentToolResult(result.CallId, result.Name, result.Text, result.IsError, result.DurationMs, toolbox.LastEditIndex));
                    kept |= toolbox.LastEditKept;
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    interrupted = cancellationToken.IsCancellationRequested ? AgentStopReason.Stopped : AgentStopReason.WallTime;
                    results.Add(new AgentToolResult(ids[i], calls[i].Name, "The run was stopped before this call finished.", true, 0, toolbox.LastEditIndex));
                }
            }
            // A reply cut off mid-call set (a stop) still gets a result per call, so the history stays valid.
            for (int i = results.Count; i < calls.Count; i++) results.Add(new AgentToolResult(ids[i], calls[i].Name, "Not run: the run was stopped.", true, 0));
            if (calls.Count > 0)
                messages.Add(new ChatMessage(ChatRole.Tool, results.Select(r => (AIContent)new FunctionResultContent(r.CallId, r.Text)).ToList()));
            string? nudge = null;
            if (request.VerifyOnEdit && kept && interrupted is null)
            {
                nudge = AgentPrompts.Nudge;
                messages.Add(new ChatMessage(ChatRole.User, nudge));
            }

            var usage = response.Usage;
            run.AddStep(new AgentStep(index, RawText(response, calls), response.Text,
                calls.Select((c, i) => new ToolCall(ids[i], c.Name, ToolInvoker.ArgumentsJson(c))).ToList(),
                results, usage?.InputTokenCount, usage?.OutputTokenCount,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, nudge, compaction));
            run.FinalAnswer = response.Text;

            if (interrupted is { } stop)
            {
                run.Stop(stop, null);
                return;
            }
            if (calls.Count == 0)
            {
                run.Stop(AgentStopReason.FinalAnswer, null);
                return;
            }
            if (run.TotalTokens >= request.MaxTokens)
            {
                run.Stop(AgentStopReason.MaxTokens, null);
                return;
            }
            estimate = (usage?.InputTokenCount ?? 0) + (usage?.OutputTokenCount ?? 0)
                + (results.Sum(r => (long)r.Text.Length) + (nudge?.Length ?? 0)) / 4;
        }
        run.Stop(AgentStopReason.MaxSteps, null);
    }

    // Why an exception of a model request ends the loop: the caller's token = Stopped, the wall clock = WallTime,
    // anything else = BackendError (null for none of these: it propagates).
    private static AgentStopReason? Classify(Exception e, CancellationToken stop, CancellationTokenSource wall)
    {
        if (e is OperationCanceledException && stop.IsCancellationRequested) return AgentStopReason.Stopped;
        if (e is OperationCanceledException && wall.IsCancellationRequested) return AgentStopReason.WallTime;
        return AgentStopReason.BackendError;
    }

    // Replaces every message after the task (index 1) and before the newest model turn with one summary message.
    // Returns the summary, or null when there is nothing old enough (the newest turn is all there is).
    private static async Task<string?> CompactAsync(List<ChatMessage> messages, string? previous, ChatClientHistorySummarizer summarizer, CancellationToken cancellationToken)
    {
        const int head = 2; // system prompt, task
        var start = previous is null ? head : head + 1; // after the previous summary message
        var lastAssistant = messages.FindLastIndex(m => m.Role == ChatRole.Assistant);
        if (lastAssistant <= start) return null;
        var older = messages.Skip(start).Take(lastAssistant - start).Select(ToHistory).ToList();
        var written = await summarizer.SummarizeAsync(previous, older, cancellationToken).ConfigureAwait(false);
        var recent = messages.Skip(lastAssistant).ToList();
        messages.RemoveRange(head, messages.Count - head);
        messages.Add(new ChatMessage(ChatRole.User, string.Format(CultureInfo.InvariantCulture, AgentPrompts.CompactionCardFormat, written)));
        messages.AddRange(recent);
        return written;
    }

    private static HistoryMessage ToHistory(ChatMessage message)
    {
        var calls = message.Contents.OfType<FunctionCallContent>().Select(c => new ToolCall(c.CallId, c.Name, ToolInvoker.ArgumentsJson(c))).ToArray();
        var results = message.Contents.OfType<FunctionResultContent>().ToList();
        if (calls.Length > 0) return new HistoryMessage(HistoryMessage.AssistantRole, message.Text) { ToolCalls = calls };
        if (results.Count > 0) return new HistoryMessage(HistoryMessage.ToolRole, string.Join("\n", results.Select(r => r.Result?.ToString())));
        return new HistoryMessage(message.Role.Value, message.Text);
    }
}
