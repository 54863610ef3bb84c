using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Footnotes;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace Workbench.Lab.Content;

/// <summary>A parsed lab body: its blocks in order and its level 2–3 headings.</summary>
/// <param name="Blocks">Markdown, widget and exercise blocks in document order.</param>
/// <param name="Sections">Level 2 and 3 headings with their HTML ids.</param>
internal sealed record LabBody(IReadOnlyList<LabBlock> Blocks, IReadOnlyList<LabSection> Sections);

/// <summary>
/// Splits the body of <c>lab.md</c> (after the front matter) into Markdown, widget and exercise blocks.
/// Directives are lines starting with <c>:::</c> outside fenced code: <c>:::widget name</c> + YAML option lines +
/// <c>:::</c>, <c>:::widget name { key: value }</c> on one line, and <c>:::exercise id</c>. The Markdown around
/// them is parsed as one document (so heading ids are unique across the page and link references resolve
/// everywhere), each directive replaced by an HTML comment that ends any open paragraph or list, and rendered
/// chunk by chunk.
/// </summary>
internal static partial class LabBodyParser
{
    private const string Marker = "<!-- -->";

    /// <summary>Parses the body, reporting every problem found.</summary>
    /// <param name="lines">All lines of <c>lab.md</c>.</param>
    /// <param name="bodyStart">0-based index of the body's first line.</param>
    /// <param name="file">The file, relative to the labs root.</param>
    /// <param name="knownWidgets">Widget names that may be embedded.</param>
    /// <param name="exerciseIds">The lab's exercise ids, or null when the front matter could not be read
    /// (then <c>:::exercise</c> ids are not checked).</param>
    /// <param name="errors">Where problems go.</param>
    public static LabBody Parse(string[] lines, int bodyStart, string file, IReadOnlySet<string> knownWidgets,
        IReadOnlySet<string>? exerciseIds, ContentErrorList errors)
    {
        var bodyLines = lines[bodyStart..];
        var markdownLines = (string[])bodyLines.Clone();
        var directives = new List<(int Start, LabBlock? Block)>();
        var placed = new Dictionary<string, int>(StringComparer.Ordinal);
        string? fence = null;

        for (var i = 0; i < bodyLines.Length; i++)
        {
            var line = bodyLines[i];
            var fileLine = bodyStart + i + 1;
            if (fence is not null)
            {
                if (IsFenceClose(line, fence)) fence = null;
                continue;
            }
            if (FenceOpen().Match(line) is { Success: true } open)
            {
                fence = open.Groups["fence"].Value;
                continue;
            }
            var directive = DirectiveLine().Match(line);
            if (!directive.Success) continue;

            var end = i;
            LabBlock? block = null;
            var keyword = directive.Groups["keyword"].Value;
            var rest = directive.Groups["rest"].Value.Trim();
            if (keyword == "widget")
            {
                block = ParseWidget(bodyLines, i, rest, bodyStart, file, knownWidgets, errors, out end);
            }
            else if (keyword == "exercise")
            {
                block = ParseExercisePlacement(rest, fileLine, file, exerciseIds, placed, errors);
            }
            else if (keyword.Length == 0 && rest.Length == 0)
            {
                errors.Add(file, fileLine, "':::' closes no widget block");
            }
            else
            {
                var shown = (keyword + rest).Split(' ', '\t')[0];
                errors.Add(file, fileLine, $"unknown directive ':::{shown}' (known: :::widget, :::exercise)");
            }
            for (var j = i; j <= end; j++) markdownLines[j] = Marker;
            directives.Add((i, block));
            i = end;
        }

        var document = Markdown.Parse(string.Join('\n', markdownLines), LabMarkdown.Pipeline);
        return new LabBody(Interleave(document, directives, bodyStart), Sections(document));
    }

    private static LabBlock? ParseWidget(string[] body, int start, string rest, int bodyStart, string file,
        IReadOnlySet<string> knownWidgets, ContentErrorList errors, out int end)
    {
        var fileLine = bodyStart + start + 1;
        end = start;
        var space = rest.IndexOfAny([' ', '\t', '{']);
        var name = space < 0 ? rest : rest[..space];
        var inline = space < 0 ? "" : rest[space..].Trim();
        string optionsYaml;
        if (inline.StartsWith('{'))
        {
            optionsYaml = inline;
        }
        else
        {
            if (inline.Length > 0)
            {
                errors.Add(file, fileLine, $"unexpected text '{inline}' after the widget name (write options as YAML lines below it, then ':::')");
            }
            var close = -1;
            for (var j = start + 1; j < body.Length; j++)
            {
                if (body[j].Trim() == ":::") { close = j; break; }
                if (DirectiveLine().IsMatch(body[j])) break;
            }
            if (close < 0)
            {
                errors.Add(file, fileLine, $"widget block ':::widget {name}' is not closed: end it with a line ':::'");
                return null;
            }
            end = close;
            optionsYaml = string.Join('\n', body[(start + 1)..close]);
        }

        if (name.Length == 0)
        {
            errors.Add(file, fileLine, "':::widget' needs a widget name");
            return null;
        }
        var options = inline.StartsWith('{')
            ? ParseOptions(optionsYaml, fileLine - 1, fileLine, file, errors)
            : ParseOptions(optionsYaml, fileLine, bodyStart + end, file, errors);
        if (!knownWidgets.Contains(name))
        {
            errors.Add(file, fileLine, $"unknown widget '{name}' (known: {string.Join(", ", knownWidgets.Order(StringComparer.Ordinal))})");
            return null;
        }
        return options is null ? null : new WidgetBlock(name, options, fileLine);
    }

    private static Dictionary<string, string>? ParseOptions(string yaml, int lineOffset, int lastLine, string file, ContentErrorList errors)
    {
        var before = errors.Count;
        var map = YamlMap.Parse(yaml, file, lineOffset, errors, "widget options", Math.Max(lastLine, lineOffset + 1));
        if (map is null) return null;
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in map.Keys)
        {
            if (!map.Has(key)) errors.Add(file, map.KeyLine(key), $"widget option '{key}' has no value");
            else if (map.String(key) is { } value) options[key] = value;
        }
        return errors.Count == before ? options : null;
    }

    private static ExerciseBlock? ParseExercisePlacement(string rest, int fileLine, string file,
        IReadOnlySet<string>? exerciseIds, Dictionary<string, int> placed, ContentErrorList errors)
    {
        var parts = rest.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 1)
        {
            errors.Add(file, fileLine, "':::exercise' takes exactly one exercise id, for example ':::exercise chat-request'");
            return null;
        }
        var id = parts[0];
        if (exerciseIds is not null && !exerciseIds.Contains(id))
        {
            var known = exerciseIds.Count == 0 ? "the front matter lists none" : "known: " + string.Join(", ", exerciseIds);
            errors.Add(file, fileLine, $"':::exercise {id}' names an exercise not listed in the front matter's exercises ({known})");
            return null;
        }
        if (!placed.TryAdd(id, fileLine))
        {
            errors.Add(file, fileLine, $"exercise '{id}' is already placed at line {placed[id]}");
            return null;
        }
        return new ExerciseBlock(id, fileLine);
    }

    private static List<LabBlock> Interleave(MarkdownDocument document, List<(int Start, LabBlock? Block)> directives, int bodyStart)
    {
        var segments = new List<Block>[directives.Count + 1];
        for (var k = 0; k < segments.Length; k++) segments[k] = [];
        foreach (var block in document)
        {
            if (IsMarker(block) || block is LinkReferenceDefinitionGroup) continue;
            var segment = block is FootnoteGroup ? directives.Count : directives.Count(d => d.Start < block.Line);
            segments[segment].Add(block);
        }

        var blocks = new List<LabBlock>();
        for (var k = 0; k < segments.Length; k++)
        {
            if (segments[k].Count > 0)
            {
                var html = LabMarkdown.Render(segments[k]);
                var first = segments[k].Where(b => b is not FootnoteGroup).Select(b => b.Line).DefaultIfEmpty(k > 0 ? directives[k - 1].Start + 1 : 0).Min();
                if (!string.IsNullOrWhiteSpace(html)) blocks.Add(new MarkdownBlock(html, bodyStart + first + 1));
            }
            if (k < directives.Count && directives[k].Block is { } directive) blocks.Add(directive);
        }
        return blocks;
    }

    private static bool IsMarker(Block block) =>
        block is HtmlBlock html && html.Lines.Count == 1 && html.Lines.Lines[0].Slice.ToString() == Marker;

    private static List<LabSection> Sections(MarkdownDocument document) =>
        document.Descendants<HeadingBlock>()
            .Where(h => h.Level is 2 or 3)
            .Select(h => new LabSection(LabMarkdown.PlainText(h), h.GetAttributes().Id ?? "", h.Level))
            .ToList();

    private static bool IsFenceClose(string line, string fence)
    {
        var trimmed = line.Trim();
        return trimmed.Length >= fence.Length && trimmed.All(c => c == fence[0]);
    }

    [GeneratedRegex(@"^\s*(?<fence>`{3,}|~{3,})")]
    private static partial Regex FenceOpen();

    [GeneratedRegex(@"^ {0,3}:::[ \t]*(?<keyword>[A-Za-z][\w-]*)?(?<rest>.*)$")]
    private static partial Regex DirectiveLine();
}
