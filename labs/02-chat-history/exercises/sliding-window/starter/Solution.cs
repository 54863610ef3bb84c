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
        // TODO 1. Keep every message whose Role is ChatRole.System, and add up its tokens (countTokens(message)).
        //
        // TODO 2. Walk back from the newest message (the end of the list). Take one "unit" at a time:
        //           - usually one message;
        //           - a tool group when you meet ChatRole.Tool messages: go back to the assistant message that
        //             made the calls (its Contents hold FunctionCallContent items) and take it with all its results.
        //
        // TODO 3. If the unit's tokens still fit (total <= tokenBudget), keep it and go on with the older messages.
        //         Otherwise stop: this unit and everything older are dropped.
        //         If not even the newest unit fits, throw new ContextWindowExceededException("...").
        //
        // TODO 4. Return the kept messages in their original order (system messages where they were).
        throw new NotImplementedException("TODO: choose the messages that fit (see the comments in SlidingWindow).");
    }
}
