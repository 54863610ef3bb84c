using Microsoft.Extensions.AI;

namespace Workbench.Web.Components.Widgets.Tools;

/// <summary>
/// Forces a tool call on the first request only (<see cref="ChatToolMode.RequireAny"/>, or a named function) and
/// lets the model decide afterwards (<see cref="ChatToolMode.Auto"/>): a story model cannot decide to call a tool, so
/// the loop trace starts with a constrained call and then sees whether the model answers or calls again.
/// </summary>
/// <param name="inner">The client; not disposed here.</param>
/// <param name="firstMode">The first request's tool mode.</param>
public sealed class FirstCallForcedChatClient(IChatClient inner, ChatToolMode firstMode) : DelegatingChatClient(inner)
{
    private int _requests;

    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(messages, WithMode(options), cancellationToken);

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(messages, WithMode(options), cancellationToken);

    private ChatOptions WithMode(ChatOptions? options)
    {
        var copy = options?.Clone() ?? new ChatOptions();
        copy.ToolMode = Interlocked.Increment(ref _requests) == 1 ? firstMode : ChatToolMode.Auto;
        return copy;
    }
}
