using System.Text.RegularExpressions;

namespace Workbench.Web.Components.Widgets.Tools;

/// <summary>
/// Finds tool-call markup in a text (a model output or a rendered prompt) so the widgets can mark it: Hermes and
/// Qwen3-Coder <c>&lt;tool_call&gt;…&lt;/tool_call&gt;</c> (an unclosed one runs to the end), Llama 3.1's
/// <c>{"name": …, "parameters": {…}}</c> and <c>&lt;|python_tag|&gt;…</c>, and Mistral's <c>[TOOL_CALLS]…</c> up to
/// <c>&lt;/s&gt;</c> or the end of the line. A display aid only: the parsers decide what is a call.
/// </summary>
public static partial class CallMarkup
{
    [GeneratedRegex(
        """<tool_call>[\s\S]*?(?:</tool_call>|$)|<\|python_tag\|>[^<]*|\{"name": ?"[^"]*", ?"parameters": ?\{[^{}]*\}\s*\}|\[TOOL_CALLS\].*?(?=</s>|\n|$)""",
        RegexOptions.CultureInvariant)]
    private static partial Regex Markup();

    /// <summary>The text cut into pieces, in order; concatenated they are <paramref name="text"/>.</summary>
    /// <param name="text">Any text.</param>
    /// <returns>(piece, true when it is call markup) pairs; no empty pieces.</returns>
    public static IReadOnlyList<(string Text, bool IsCall)> Segments(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pieces = new List<(string, bool)>();
        int at = 0;
        foreach (Match m in Markup().Matches(text))
        {
            if (m.Length == 0) continue;
            if (m.Index > at) pieces.Add((text[at..m.Index], false));
            pieces.Add((m.Value, true));
            at = m.Index + m.Length;
        }
        if (at < text.Length) pieces.Add((text[at..], false));
        return pieces;
    }

    /// <summary>Whether <paramref name="text"/> holds any call markup.</summary>
    /// <param name="text">Any text.</param>
    public static bool Contains(string text) => Markup().IsMatch(text);
}
