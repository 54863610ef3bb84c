namespace Workbench.Web.Components.Pages.Chat;

/// <summary>How the chat page keeps a long conversation inside the context window (the strategies of lab 02 and
/// <c>Workbench.Engine.Conversation</c>).</summary>
public enum ChatHistoryMode
{
    /// <summary><see cref="Engine.Conversation.SlidingWindowStrategy.ByTokens"/>: the system prompt and the newest
    /// messages that fit the prompt budget; older ones are not sent (they stay on screen, marked).</summary>
    SlidingWindow,

    /// <summary><see cref="Engine.Conversation.SummarizeAndCompactStrategy"/>: at 75 % of the prompt budget the
    /// model summarizes the older turns into a card sent in their place (the summarizing call costs tokens too).</summary>
    Summarize,
}
