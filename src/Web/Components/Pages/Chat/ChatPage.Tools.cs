using Workbench.Engine.Tools.Parsing;
using Workbench.Lab.Tools;

namespace Workbench.Web.Components.Pages.Chat;

/// <summary>The chat page's tool turn: with tools on, a send is a bounded loop of model steps (at most
/// <see cref="ChatToolRunner.MaxSteps"/>). Each step streams as a reply does without tools, its calls shown in its
/// bubble; every call runs through the <see cref="ChatToolRunner"/> and its result becomes a <c>tool</c> message of its
/// own; the next step reads them. The turn ends at a reply without calls, an error, Stop, or the step cap (said in a
/// notice under the last result).</summary>
public partial class ChatPage
{
    private readonly ChatToolSelection _toolSelection = new();

    private async Task RunToolTurnAsync(ChatToolRunner runner, CancellationTokenSource cts)
    {
        for (var step = 1; step <= ChatToolRunner.MaxSteps; step++)
        {
            var reply = await RunStepAsync(runner, step, cts);
            if (reply is null || reply.Error is not null || reply.ToolCalls.Count == 0 || cts.IsCancellationRequested) return;
            var results = await RunToolsAsync(runner, reply, cts.Token);
            if (cts.IsCancellationRequested) return;
            if (step == ChatToolRunner.MaxSteps)
            {
                results[^1].Notice = ChatToolRunner.StepCapNotice;
                results[^1].Touch();
            }
        }
    }

    /// <summary>Runs the reply's calls concurrently, each shown at once as a running <c>tool</c> message that its
    /// result fills in. A call cut short by Stop is answered "cancelled", so no call in the history lacks its result.</summary>
    private async Task<List<ChatTurn>> RunToolsAsync(ChatToolRunner runner, ChatTurn reply, CancellationToken cancellationToken)
    {
        var turns = reply.ToolCalls
            .Select(c => new ChatTurn("tool") { ToolCallId = c.Id, ToolName = c.Name, IsStreaming = true })
            .ToList();
        _turns.AddRange(turns);
        StateHasChanged();
        await Task.WhenAll(reply.ToolCalls.Select((call, i) => RunOneAsync(call, turns[i])));
        return turns;

        async Task RunOneAsync(Engine.Conversation.ToolCall call, ChatTurn turn)
        {
            ToolResultTrace result;
            try
            {
                result = await runner.InvokeAsync(call, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                result = new ToolResultTrace(call.Id, call.Name, "Cancelled before it finished.", true, 0);
            }
            turn.Append(result.Text);
            turn.IsToolError = result.IsError;
            turn.ToolMilliseconds = result.DurationMs;
            turn.IsStreaming = false;
            turn.Touch();
            if (!_disposed) StateHasChanged();
        }
    }

    /// <summary>Folds a session's events into the reply: content as text, finished calls into its calls.</summary>
    private static void ApplyToolEvents(ChatTurn reply, IReadOnlyList<ToolCallEvent> events)
    {
        foreach (var e in events)
        {
            switch (e)
            {
                case ContentDelta delta: reply.Append(delta.Text); break;
                case ToolCallFinished finished: reply.ToolCalls.Add(finished.Call); break;
            }
        }
    }
}
