using Microsoft.Extensions.AI;

/// <summary>The conversation cannot be sent: even the system prompt and the newest message do not fit the budget.</summary>
public sealed class ContextWindowExceededException(string message) : Exception(message);

public static class Solution
{
    /// <summary>
    /// Chooses the messages to send: the system messages, then the newest messages that fit within
    /// <paramref name="tokenBudget"/> tokens, never separating a tool call from its results.
    /// </summary>
    /// <param name="messages">The whole conversation, oldest first.</param>
    /// <param name="tokenBudget">The most tokens the kept messages may use in total (system messages included).</param>
    /// <param name="countTokens">How many tokens one message uses.</param>
    /// <returns>The kept messages (the same objects), in their original order.</returns>
    /// <exception cref="ContextWindowExceededException">The newest message (or tool-call group) does not fit
    /// together with the system messages.</exception>
    public static IReadOnlyList<ChatMessage> SlidingWindow(IReadOnlyList<ChatMessage> messages, int tokenBudget, Func<ChatMessage, int> countTokens)
    {
        var keep = new bool[messages.Count];
        var used = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i].Role != ChatRole.System) continue;
            keep[i] = true;
            used += countTokens(messages[i]);
        }

        var end = messages.Count; // the unit being considered is [start, end)
        var keptAny = false;
        while (end > 0)
        {
            if (messages[end - 1].Role == ChatRole.System)
            {
                end--; // already kept
                continue;
            }
            var start = UnitStart(messages, end - 1);
            var cost = 0;
            for (var i = start; i < end; i++) cost += countTokens(messages[i]);
            if (used + cost > tokenBudget) break; // the window is contiguous: nothing older is kept
            for (var i = start; i < end; i++) keep[i] = true;
            used += cost;
            keptAny = true;
            end = start;
        }

        var hasConversation = messages.Any(m => m.Role != ChatRole.System);
        if ((hasConversation && !keptAny) || (!hasConversation && used > tokenBudget))
        {
            throw new ContextWindowExceededException(
                $"The newest message does not fit: the system prompt and the newest message need more than {tokenBudget} tokens.");
        }
        return messages.Where((_, i) => keep[i]).ToList();
    }

    /// <summary>The first index of the unit that ends at <paramref name="last"/>: the message itself, or, for a tool
    /// result, the assistant message that made the calls (with every result in between).</summary>
    private static int UnitStart(IReadOnlyList<ChatMessage> messages, int last)
    {
        if (messages[last].Role != ChatRole.Tool) return last;
        var start = last;
        while (start > 0 && messages[start - 1].Role == ChatRole.Tool) start--;
        var madeTheCalls = start > 0 && messages[start - 1].Role == ChatRole.Assistant
            && messages[start - 1].Contents.OfType<FunctionCallContent>().Any();
        return madeTheCalls ? start - 1 : start;
    }
}
