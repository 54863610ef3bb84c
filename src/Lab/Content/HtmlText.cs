using System.Net;
using System.Text.RegularExpressions;

namespace Workbench.Lab.Content;

/// <summary>Rendered Markdown reduced to plain text, for titles shown outside the page (result rows, dashboard bars).</summary>
internal static partial class HtmlText
{
    /// <summary><paramref name="html"/> as one line: tags removed, entities decoded, whitespace collapsed, cut to at
    /// most <paramref name="maxLength"/> characters (ending in "…" when cut).</summary>
    /// <param name="html">Rendered HTML.</param>
    /// <param name="maxLength">The longest result, ≥ 4.</param>
    public static string OneLine(string html, int maxLength)
    {
        var text = WebUtility.HtmlDecode(Tags().Replace(html, " "));
        text = Spaces().Replace(text, " ").Trim();
        return text.Length <= maxLength ? text : text[..(maxLength - 3)] + "…";
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
