using System.Text;
using Workbench.Engine.Grammar.JsonSchema;

namespace Workbench.Engine.Tools.Grammar;

/// <summary>
/// The rules of one tool-call grammar, assembled from several converted schemas: each schema's own rules get a
/// prefix (<c>t0-root</c>, <c>t1-location</c>…) so two tools never collide, while the converter's fixed rules
/// (<c>space</c>, <c>string</c>, <c>char</c>…, the same for every schema converted with the same options) are kept
/// once under their own names. Whitespace is narrowed to the two spellings models are trained on: <c>space</c> is
/// redefined as empty and the space after a <c>:</c> or <c>,</c> becomes <c>sep ::= " "?</c>, so arguments are
/// either compact JSON or spaced as Hugging Face templates' <c>tojson</c> writes them (Python's <c>json.dumps</c>
/// separators <c>", "</c> and <c>": "</c>: <c>{"city": "Oslo"}</c>) — no newline, no run of blanks for a small model
/// to loop on, nothing after the closing brace. A grammar that allowed only compact JSON forced a model trained on
/// the spaced form off its own tokens (<c>":</c> and <c>"</c> instead of <c>": "</c>), and it wrote junk at the start
/// of every string value.
/// </summary>
internal sealed class GbnfRuleSet
{
    // The optional blank after ':' and ','.
    private const string Separator = "sep";
    private static readonly HashSet<string> Fixed = new([.. GbnfPrimitives.Names, Separator], StringComparer.Ordinal);
    private readonly List<(string Name, string Body)> rules = [];
    private readonly HashSet<string> defined = new(StringComparer.Ordinal);

    /// <summary>Adds (or, for a fixed rule already present, skips) one rule.</summary>
    public void Add(string name, string body)
    {
        if (!defined.Add(name))
        {
            if (Fixed.Contains(name)) return;
            throw new InvalidOperationException($"The grammar rule '{name}' is defined twice.");
        }
        rules.Add((name, body));
    }

    /// <summary>Adds every rule of <paramref name="gbnf"/> (the converter's output: one <c>name ::= body</c> per
    /// line) with its own rules renamed <c>prefix + name</c>; returns the renamed root rule.</summary>
    public string AddConverted(string gbnf, string prefix)
    {
        var parsed = gbnf.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(" ::= ", 2))
            .Select(parts => (Name: parts[0], Body: parts[1]))
            .ToList();
        var own = parsed.Select(r => r.Name).Where(n => !Fixed.Contains(n)).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, body) in parsed)
        {
            if (name == "space")
            {
                Add("space", "\"\"");
                Add(Separator, "\" \"?");
                continue;
            }
            Add(own.Contains(name) ? prefix + name : name, Rename(body, own, prefix).Replace("\":\" space", "\":\" " + Separator, StringComparison.Ordinal)
                .Replace("\",\" space", "\",\" " + Separator, StringComparison.Ordinal));
        }
        return prefix + "root";
    }

    /// <summary>The grammar text, one rule per line, in the order added.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        foreach (var (name, body) in rules) text.Append(name).Append(" ::= ").Append(body).Append('\n');
        return text.ToString();
    }

    // Renames the rule references of a body: identifiers outside literals ("…"), classes ([…]) and repetition
    // counts ({…}) that name one of the schema's own rules.
    private static string Rename(string body, HashSet<string> own, string prefix)
    {
        var text = new StringBuilder(body.Length + 16);
        int i = 0;
        while (i < body.Length)
        {
            char c = body[i];
            if (c is '"' or '[')
            {
                char close = c == '"' ? '"' : ']';
                int start = i++;
                while (i < body.Length && body[i] != close) i += body[i] == '\\' ? 2 : 1;
                i++;
                text.Append(body, start, Math.Min(i, body.Length) - start);
            }
            else if (c == '{')
            {
                int end = body.IndexOf('}', i);
                text.Append(body, i, end + 1 - i);
                i = end + 1;
            }
            else if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            {
                int start = i;
                while (i < body.Length && (char.IsAsciiLetterOrDigit(body[i]) || body[i] is '-' or '_')) i++;
                string word = body[start..i];
                text.Append(own.Contains(word) ? prefix + word : word);
            }
            else
            {
                text.Append(c);
                i++;
            }
        }
        return text.ToString();
    }
}
