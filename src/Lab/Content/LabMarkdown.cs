using System.Text;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Workbench.Lab.Content;

/// <summary>
/// The Markdown pipeline of lab content: Markdig with its advanced extensions (pipe tables, footnotes, task lists,
/// emphasis extras, auto-identifiers on headings, ...) and raw HTML allowed — lab content is written by the
/// course's authors and trusted, unlike model output.
/// </summary>
internal static class LabMarkdown
{
    /// <summary>The shared pipeline (thread-safe once built).</summary>
    public static MarkdownPipeline Pipeline { get; } = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .UseAutoIdentifiers()
        .Build();

    /// <summary>Renders a whole Markdown text (instructions, quiz prompts, explanations) to an HTML fragment.</summary>
    /// <param name="markdown">Markdown text; null or empty gives an empty string.</param>
    public static string ToHtml(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : Markdown.ToHtml(markdown, Pipeline);

    /// <summary>Renders some top-level blocks of a parsed document, in order, to one HTML fragment. Headings keep
    /// the ids the auto-identifier extension gave them when the whole document was parsed.</summary>
    /// <param name="blocks">Blocks of one document parsed with <see cref="Pipeline"/>.</param>
    public static string Render(IEnumerable<Block> blocks)
    {
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        foreach (var block in blocks) renderer.Render(block);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>The plain text of a heading (emphasis, links and code reduced to their text).</summary>
    /// <param name="heading">A parsed heading.</param>
    public static string PlainText(HeadingBlock heading)
    {
        var text = new StringBuilder();
        if (heading.Inline is not null) AppendText(heading.Inline, text);
        return text.ToString().Trim();
    }

    private static void AppendText(ContainerInline container, StringBuilder text)
    {
        foreach (var inline in container)
        {
            switch (inline)
            {
                case LiteralInline literal: text.Append(literal.Content.ToString()); break;
                case CodeInline code: text.Append(code.Content); break;
                case HtmlEntityInline entity: text.Append(entity.Transcoded.ToString()); break;
                case LineBreakInline: text.Append(' '); break;
                case ContainerInline nested: AppendText(nested, text); break;
            }
        }
    }
}
