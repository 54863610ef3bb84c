namespace Workbench.Lab.Content;

/// <summary>
/// The widget names lab content may embed (<c>:::widget &lt;name&gt;</c>). The web app renders each as a live
/// component on the real engine; a test in Web.Tests checks that every name here has one. Content validation
/// rejects any other name.
/// </summary>
public static class LabWidgets
{
    /// <summary>The request/response wire inspector: the exact JSON sent to and received from
    /// <c>/v1/chat/completions</c>. Options: <c>system</c>, <c>user</c>, <c>max_tokens</c>, <c>seed</c>.</summary>
    public const string WireInspector = "wire-inspector";

    /// <summary>A small multi-turn chat that shows the whole <c>messages</c> array resent on every call.
    /// Options: <c>system</c>, <c>max_tokens</c>.</summary>
    public const string ChatPlayground = "chat-playground";

    /// <summary>A chat with a context gauge (tokens used of n_ctx), per-message token counts on the templated prompt,
    /// and the exact prompt the next call renders. Options: see the web component.</summary>
    public const string ContextGauge = "context-gauge";

    /// <summary>History strategies (drop oldest, sliding window, summarize-and-compact) side by side on one
    /// conversation, with the cumulative prompt-token cost per turn. Options: see the web component.</summary>
    public const string HistoryStrategies = "history-strategies";

    /// <summary>A fact stated early and asked for later, under each history strategy. Options: see the web component.</summary>
    public const string ForgettingDemo = "forgetting-demo";

    /// <summary>One prompt over three transports side by side (non-streaming, raw SSE frames, SignalR) with time to
    /// first token, inter-token latency and tokens/s, and cancellation. Options: see the web component.</summary>
    public const string StreamCompare = "stream-compare";

    /// <summary>A JSON Schema editor and the four output modes (free text, prompt-only, JSON mode, schema-constrained)
    /// on one prompt, with an experiment runner. Options: see the web component.</summary>
    public const string SchemaModes = "schema-modes";

    /// <summary>The grammar step view: per generated token, how many tokens the grammar allowed and the top candidates
    /// with the disallowed ones struck out. Options: see the web component.</summary>
    public const string GrammarSteps = "grammar-steps";

    /// <summary>Every known widget name.</summary>
    public static IReadOnlySet<string> Names { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        WireInspector, ChatPlayground, ContextGauge, HistoryStrategies, ForgettingDemo, StreamCompare, SchemaModes, GrammarSteps,
    };
}
