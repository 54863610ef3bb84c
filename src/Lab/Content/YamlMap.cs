using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Workbench.Lab.Content;

/// <summary>
/// A YAML mapping read through YamlDotNet's representation model, with typed accessors that report problems to a
/// <see cref="ContentErrorList"/> at the file line of the offending node (never throwing), so one pass finds every
/// error. Keys are snake_case; a key a reader does not know is an error (<see cref="RejectUnknownKeys"/>).
/// </summary>
internal sealed partial class YamlMap
{
    private readonly Dictionary<string, (YamlNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);

    private YamlMap(YamlMappingNode node, string file, int lineOffset, ContentErrorList errors)
    {
        File = file;
        LineOffset = lineOffset;
        Errors = errors;
        Line = LineOfNode(node, lineOffset);
        foreach (var (key, value) in node.Children)
        {
            if (key is not YamlScalarNode { Value: { Length: > 0 } name })
            {
                errors.Add(file, LineOfNode(key, lineOffset), "keys must be plain names");
                continue;
            }
            if (!_entries.TryAdd(name, (key, value)))
            {
                errors.Add(file, LineOfNode(key, lineOffset), $"duplicate key '{name}'");
            }
        }
    }

    /// <summary>The file the mapping came from, relative to the labs root.</summary>
    public string File { get; }

    /// <summary>Added to YamlDotNet's 1-based lines to get the file's line.</summary>
    public int LineOffset { get; }

    /// <summary>The keys, in document order.</summary>
    public IReadOnlyCollection<string> Keys => _entries.Keys;

    /// <summary>Where problems are reported.</summary>
    public ContentErrorList Errors { get; }

    /// <summary>The file line where the mapping starts.</summary>
    public int Line { get; }

    /// <summary>
    /// Parses <paramref name="yaml"/> as one YAML document holding a mapping. An empty document is an empty
    /// mapping. Syntax errors and a non-mapping document are reported; the result is then null.
    /// </summary>
    /// <param name="yaml">The YAML text.</param>
    /// <param name="file">The file, relative to the labs root.</param>
    /// <param name="lineOffset">Added to YAML line numbers (the YAML's first line is file line 1 + offset).</param>
    /// <param name="errors">Where problems go.</param>
    /// <param name="what">What the document is, for messages (for example <c>front matter</c>).</param>
    /// <param name="lastLine">The file line of the YAML's last line: a syntax error found at the end of input
    /// (an unclosed bracket) is reported there rather than past it.</param>
    public static YamlMap? Parse(string yaml, string file, int lineOffset, ContentErrorList errors, string what, int lastLine = int.MaxValue)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            errors.Add(file, Math.Min((int)ex.Start.Line + lineOffset, lastLine), $"invalid YAML in {what}: {CleanMessage(ex)}");
            return null;
        }
        if (stream.Documents.Count == 0) return new YamlMap(new YamlMappingNode(), file, lineOffset, errors);
        if (stream.Documents.Count > 1)
        {
            errors.Add(file, LineOfNode(stream.Documents[1].RootNode, lineOffset), $"{what} must be a single YAML document");
            return null;
        }
        var root = stream.Documents[0].RootNode;
        if (root is YamlScalarNode scalar && IsNull(scalar)) return new YamlMap(new YamlMappingNode(), file, lineOffset, errors);
        if (root is not YamlMappingNode mapping)
        {
            errors.Add(file, LineOfNode(root, lineOffset), $"{what} must be a YAML mapping of 'key: value' lines");
            return null;
        }
        return new YamlMap(mapping, file, lineOffset, errors);
    }

    /// <summary>The file line of <paramref name="node"/>.</summary>
    /// <param name="node">A node of this document.</param>
    public int LineOf(YamlNode node) => LineOfNode(node, LineOffset);

    /// <summary>The line of <paramref name="key"/>'s key, or of the mapping when absent.</summary>
    /// <param name="key">A key.</param>
    public int KeyLine(string key) => _entries.TryGetValue(key, out var entry) ? LineOf(entry.Key) : Line;

    /// <summary>True when <paramref name="key"/> is present with a non-null value.</summary>
    /// <param name="key">A key.</param>
    public bool Has(string key) => Node(key) is not null;

    /// <summary>The value of <paramref name="key"/>, or null when absent or an explicit null (<c>~</c>, empty).</summary>
    /// <param name="key">A key.</param>
    public YamlNode? Node(string key) =>
        _entries.TryGetValue(key, out var entry) && !(entry.Value is YamlScalarNode s && IsNull(s)) ? entry.Value : null;

    /// <summary>A string scalar; reports a missing required key or a non-scalar value.</summary>
    /// <param name="key">A key.</param>
    /// <param name="required">Report when absent.</param>
    public string? String(string key, bool required = false)
    {
        var node = Required(key, required);
        if (node is null) return null;
        if (node is YamlScalarNode { Value: { } value }) return value;
        Errors.Add(File, LineOf(node), $"'{key}' must be text, not a list or mapping");
        return null;
    }

    /// <summary>An integer scalar; reports a missing required key or a value that is not an integer.</summary>
    /// <param name="key">A key.</param>
    /// <param name="required">Report when absent.</param>
    public int? Int(string key, bool required = false)
    {
        var node = Required(key, required);
        if (node is null) return null;
        if (node is YamlScalarNode s && TryInt(s, out var value)) return value;
        Errors.Add(File, LineOf(node), $"'{key}' must be an integer, got {Describe(node)}");
        return null;
    }

    /// <summary>A number scalar; reports a missing required key or a value that is not a number.</summary>
    /// <param name="key">A key.</param>
    /// <param name="required">Report when absent.</param>
    public double? Double(string key, bool required = false)
    {
        var node = Required(key, required);
        if (node is null) return null;
        if (node is YamlScalarNode s && TryDouble(s, out var value)) return value;
        Errors.Add(File, LineOf(node), $"'{key}' must be a number, got {Describe(node)}");
        return null;
    }

    /// <summary>A boolean scalar (<c>true</c> or <c>false</c>); reports a missing required key or another value.</summary>
    /// <param name="key">A key.</param>
    /// <param name="required">Report when absent.</param>
    public bool? Bool(string key, bool required = false)
    {
        var node = Required(key, required);
        if (node is null) return null;
        if (node is YamlScalarNode { Value: { } text } && bool.TryParse(text, out var value)) return value;
        Errors.Add(File, LineOf(node), $"'{key}' must be true or false, got {Describe(node)}");
        return null;
    }

    /// <summary>A list of strings with each item's line (<c>[a, b]</c> or one <c>- item</c> a line); a single
    /// scalar is reported, not accepted.</summary>
    /// <param name="key">A key.</param>
    /// <param name="required">Report when absent.</param>
    public IReadOnlyList<(string Value, int Line)>? StringList(string key, bool required = false)
    {
        var node = Required(key, required);
        if (node is null) return null;
        if (node is not YamlSequenceNode sequence)
        {
            Errors.Add(File, LineOf(node), $"'{key}' must be a list, for example [a, b]");
            return null;
        }
        var items = new List<(string, int)>();
        foreach (var item in sequence.Children)
        {
            if (item is YamlScalarNode { Value: { Length: > 0 } value } s && !IsNull(s)) items.Add((value, LineOf(item)));
            else Errors.Add(File, LineOf(item), $"'{key}' items must be non-empty text");
        }
        return items;
    }

    /// <summary>A list of integers of at least <paramref name="minimum"/> with each item's line, read as a
    /// <see cref="StringList"/>. An item that is not such an integer is reported (<c>seed 'x' must be an integer, 0
    /// or more</c> for <paramref name="item"/> <c>seed</c>) and skipped; a list with no items is reported too
    /// (<c>'seeds' must list at least one seed</c>).</summary>
    /// <param name="key">A key.</param>
    /// <param name="item">What one item is, for messages (for example <c>seed</c>).</param>
    /// <param name="minimum">The smallest value allowed.</param>
    /// <param name="required">Report when absent.</param>
    public IReadOnlyList<(int Value, int Line)>? IntList(string key, string item, int minimum, bool required = false)
    {
        var texts = StringList(key, required);
        if (texts is null) return null;
        var values = new List<(int, int)>();
        foreach (var (text, line) in texts)
        {
            if (TryInt(text, out var value) && value >= minimum) values.Add((value, line));
            else Errors.Add(File, line, $"{item} '{text}' must be an integer, {minimum} or more");
        }
        if (texts.Count == 0) Errors.Add(File, KeyLine(key), $"'{key}' must list at least one {item}");
        return values;
    }

    /// <summary>An enum value named in kebab case (<c>system-prompt</c> for <c>SystemPrompt</c>), read as a
    /// <see cref="String"/>; a name that is not one of <typeparamref name="T"/>'s is reported as
    /// <c>unknown <paramref name="what"/> 'x' (known: a, b, c)</c>, the known names in declaration order.</summary>
    /// <typeparam name="T">The enum.</typeparam>
    /// <param name="key">A key.</param>
    /// <param name="what">What the value is, for the message (for example <c>kind</c>).</param>
    /// <param name="required">Report when absent.</param>
    /// <returns>The value (null when absent, not text or unknown) and the text as written (null when absent or not
    /// text).</returns>
    public (T? Value, string? Text) Enum<T>(string key, string what, bool required = false) where T : struct, System.Enum
    {
        var text = String(key, required);
        if (text is null) return (null, null);
        foreach (var value in System.Enum.GetValues<T>())
        {
            if (string.Equals(KebabName(value), text, StringComparison.Ordinal)) return (value, text);
        }
        Errors.Add(File, KeyLine(key), $"unknown {what} '{text}' (known: {string.Join(", ", System.Enum.GetValues<T>().Select(KebabName))})");
        return (null, text);
    }

    /// <summary>A nested mapping; reports a missing required key or a value that is not a mapping.</summary>
    /// <param name="key">A key.</param>
    /// <param name="required">Report when absent.</param>
    public YamlMap? Map(string key, bool required = false)
    {
        var node = Required(key, required);
        if (node is null) return null;
        if (node is YamlMappingNode mapping) return new YamlMap(mapping, File, LineOffset, Errors);
        Errors.Add(File, LineOf(node), $"'{key}' must be a mapping of 'key: value' entries");
        return null;
    }

    /// <summary>A list of mappings (for example <c>checks</c>); items that are not mappings are reported and skipped.</summary>
    /// <param name="key">A key.</param>
    /// <param name="required">Report when absent.</param>
    public IReadOnlyList<YamlMap>? Maps(string key, bool required = false)
    {
        var node = Required(key, required);
        if (node is null) return null;
        if (node is not YamlSequenceNode sequence)
        {
            Errors.Add(File, LineOf(node), $"'{key}' must be a list of mappings");
            return null;
        }
        var maps = new List<YamlMap>();
        foreach (var item in sequence.Children)
        {
            if (item is YamlMappingNode mapping) maps.Add(new YamlMap(mapping, File, LineOffset, Errors));
            else Errors.Add(File, LineOf(item), $"'{key}' items must be mappings of 'key: value' entries");
        }
        return maps;
    }

    /// <summary>Reports every key not in <paramref name="known"/>, suggesting the closest known key (a typo such as
    /// <c>pionts</c> is an error, not silently ignored).</summary>
    /// <param name="known">The keys this mapping may hold.</param>
    /// <param name="what">What the mapping is, for the message (for example <c>a code exercise</c>).</param>
    public void RejectUnknownKeys(IReadOnlyCollection<string> known, string what)
    {
        foreach (var (name, entry) in _entries)
        {
            if (known.Contains(name)) continue;
            var suggestion = known.Select(k => (Key: k, Distance: EditDistance(k, name)))
                .Where(c => c.Distance <= 2).OrderBy(c => c.Distance).Select(c => c.Key).FirstOrDefault();
            var hint = suggestion is null ? $"known: {string.Join(", ", known)}" : $"did you mean '{suggestion}'?";
            Errors.Add(File, LineOf(entry.Key), $"unknown key '{name}' in {what} ({hint})");
        }
    }

    /// <summary>True for a plain scalar meaning null: empty, <c>~</c> or <c>null</c>.</summary>
    /// <param name="scalar">A scalar.</param>
    public static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style is ScalarStyle.Plain or ScalarStyle.Any
        && (string.IsNullOrEmpty(scalar.Value) || scalar.Value is "~" or "null" or "Null" or "NULL");

    /// <summary>Reads an integer scalar (invariant culture).</summary>
    /// <param name="scalar">A scalar.</param>
    /// <param name="value">The integer.</param>
    public static bool TryInt(YamlScalarNode scalar, out int value) => TryInt(scalar.Value, out value);

    /// <summary>Reads an integer (invariant culture).</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The integer.</param>
    public static bool TryInt(string? text, out int value) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>Reads a number scalar (invariant culture).</summary>
    /// <param name="scalar">A scalar.</param>
    /// <param name="value">The number.</param>
    public static bool TryDouble(YamlScalarNode scalar, out double value) =>
        double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>A short description of a node for messages: <c>'abc'</c>, <c>a list</c> or <c>a mapping</c>.</summary>
    /// <param name="node">A node.</param>
    public static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode s => $"'{s.Value}'",
        YamlSequenceNode => "a list",
        _ => "a mapping",
    };

    private YamlNode? Required(string key, bool required)
    {
        var node = Node(key);
        if (node is null && required) Errors.Add(File, Line, $"missing required key '{key}'");
        return node;
    }

    private static string KebabName<T>(T value) where T : struct, System.Enum =>
        JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    private static int LineOfNode(YamlNode node, int lineOffset) => (int)node.Start.Line + lineOffset;

    private static string CleanMessage(YamlException ex) =>
        MarkPrefix().Replace(ex.InnerException is YamlException inner ? inner.Message : ex.Message, "");

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            previous = current;
        }
        return previous[b.Length];
    }

    [GeneratedRegex(@"^\(Line: [^)]*\) - \(Line: [^)]*\): ")]
    private static partial Regex MarkPrefix();
}
