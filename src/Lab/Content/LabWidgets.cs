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

    /// <summary>Every known widget name.</summary>
    public static IReadOnlySet<string> Names { get; } = new HashSet<string>(StringComparer.Ordinal) { WireInspector, ChatPlayground };
}
