using System.Text;

namespace Workbench.Engine.Tools.Grammar;

/// <summary>
/// llama.cpp trigger patterns for lazy tool-call grammars. A pattern is <c>^PREFIX(MARKER CONTINUATION?)$</c>: it
/// matches the whole output so far only when that output ends inside the call's fixed opening (the marker, then
/// any prefix of the canonical text that follows it, such as <c>\n{"name": "</c>), and the capture group is what
/// the grammar is fed. A token running past that opening never triggers, because llama.cpp aborts the process when
/// the text it feeds a triggered grammar does not fit it.
/// </summary>
internal static class ToolCallTriggers
{
    /// <summary>Free text before the marker: anything (the marker may follow text).</summary>
    public const string Anywhere = "[\\s\\S]*?";

    /// <summary>Only whitespace before the marker (a format whose call is the whole reply).</summary>
    public const string AtStart = "\\s*";

    /// <summary>The pattern for <paramref name="marker"/> followed by any prefix of <paramref name="continuation"/>.</summary>
    public static string Pattern(string before, string marker, string continuation)
    {
        string tail = "";
        foreach (char c in continuation.Reverse()) tail = "(?:" + Escape(c.ToString()) + tail + ")?";
        return "^" + before + "(" + Escape(marker) + tail + ")$";
    }

    /// <summary><paramref name="text"/> as an ECMAScript regex matching it literally.</summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder();
        foreach (char c in text)
        {
            escaped.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\\' or '^' or '$' or '.' or '|' or '?' or '*' or '+' or '(' or ')' or '[' or ']' or '{' or '}' or '/' => "\\" + c,
                _ => c.ToString(),
            });
        }
        return escaped.ToString();
    }
}
