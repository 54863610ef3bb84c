using Workbench.Engine.Inference;

namespace Workbench.Web.Components.Widgets.Tools;

/// <summary>The rendered prompt of a tool request and its token budget: prompt tokens + max_tokens against the
/// context window (n_ctx per sequence). Nothing is cut silently: a prompt that leaves no room is refused, and a
/// max_tokens that does not fit is lowered, and said so.</summary>
/// <param name="Rendered">The rendered prompt.</param>
/// <param name="PromptTokens">Its length in the model's tokens.</param>
/// <param name="ContextSize">n_ctx per sequence; 0 when unknown.</param>
/// <param name="RequestedMaxTokens">The max_tokens asked for.</param>
public sealed record ToolPromptBudget(RenderedPrompt Rendered, int PromptTokens, int ContextSize, int RequestedMaxTokens)
{
    /// <summary>Tokens left for the reply (n_ctx − prompt); unbounded when the window is unknown.</summary>
    public int Room => ContextSize <= 0 ? int.MaxValue : ContextSize - PromptTokens;

    /// <summary>Whether at least one reply token fits.</summary>
    public bool Fits => Room >= 1;

    /// <summary>The max_tokens sent: the one asked for, or <see cref="Room"/> when that is smaller.</summary>
    public int EffectiveMaxTokens => Math.Max(1, Math.Min(RequestedMaxTokens, Room));

    /// <summary>Whether max_tokens was lowered to fit.</summary>
    public bool Shrunk => Fits && EffectiveMaxTokens < RequestedMaxTokens;
}
