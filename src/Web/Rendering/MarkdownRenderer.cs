using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Workbench.Web.Rendering;

/// <summary>
/// Renders untrusted model output as Markdown with Markdig. Raw HTML is disabled (<c>DisableHtml</c>): any
/// <c>&lt;tag&gt;</c> in the text is escaped, never rendered as an element. Link and image URLs are kept only
/// for the http, https and mailto schemes or relative paths; others (<c>javascript:</c>, <c>data:</c>) become
/// <c>#</c>. Only extensions that cannot inject attributes are enabled (no generic attributes).
/// </summary>
public sealed class MarkdownRenderer
{
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseTaskLists()
        .UseAutoLinks()
        .DisableHtml()
        .Build();

    /// <summary>Converts Markdown to an HTML fragment safe to insert into the page.</summary>
    /// <param name="markdown">Untrusted Markdown text (may be partial while a reply streams).</param>
    /// <returns>HTML; empty for empty input.</returns>
    public string ToHtml(string markdown)
    {
        if (string.IsNullOrEmpty(markdown)) return "";
        var document = Markdown.Parse(markdown, _pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafeUrl(link.Url)) link.Url = "#";
        }
        foreach (var autolink in document.Descendants<AutolinkInline>())
        {
            if (!autolink.IsEmail && !IsSafeUrl(autolink.Url)) autolink.Url = "#";
        }
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        _pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>True for relative URLs and the http, https and mailto schemes.</summary>
    /// <param name="url">A link target as written in the Markdown, or null.</param>
    public static bool IsSafeUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return true;
        var trimmed = url.Trim();
        var colon = trimmed.IndexOf(':');
        var slash = trimmed.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (slash >= 0 && slash < colon)) return true;
        var scheme = trimmed[..colon];
        return scheme.Equals("http", StringComparison.OrdinalIgnoreCase)
            || scheme.Equals("https", StringComparison.OrdinalIgnoreCase)
            || scheme.Equals("mailto", StringComparison.OrdinalIgnoreCase);
    }
}
