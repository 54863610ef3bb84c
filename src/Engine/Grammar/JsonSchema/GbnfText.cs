using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Workbench.Engine.Grammar.JsonSchema;

/// <summary>Writing GBNF terminals (llama.cpp <c>grammars/README.md</c>): quoted literals, character classes,
/// repetition suffixes, and the JSON text of a constant.</summary>
internal static class GbnfText
{
    /// <summary>A quoted GBNF literal matching <paramref name="text"/> exactly.</summary>
    public static string Literal(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (char c in text)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' or '\x7F' => $"\\x{(int)c:X2}",
                _ => c.ToString(),
            });
        }
        return builder.Append('"').ToString();
    }

    /// <summary>A character-class member for one code point: letters and digits as they are, anything else as a
    /// <c>\xNN</c>, <c>\uNNNN</c> or <c>\UNNNNNNNN</c> escape (so <c>]</c>, <c>-</c>, <c>^</c> and <c>\</c> are safe).</summary>
    public static string ClassMember(Rune rune) => rune.Value switch
    {
        < 0x80 when char.IsAsciiLetterOrDigit((char)rune.Value) => ((char)rune.Value).ToString(),
        < 0x80 => $"\\x{rune.Value:X2}",
        < 0x10000 => $"\\u{rune.Value:X4}",
        _ => $"\\U{rune.Value:X8}",
    };

    /// <summary>The class <c>[lo-hi]</c> of the digits <paramref name="low"/>..<paramref name="high"/>.</summary>
    public static string DigitClass(int low, int high) => low == high ? $"[{low}]" : $"[{low}-{high}]";

    /// <summary><paramref name="item"/> repeated <paramref name="min"/> to <paramref name="max"/> times (null = no
    /// upper bound) in GBNF's <c>x{m,n}</c> syntax, using <c>?</c>, <c>*</c> and <c>+</c> where they say it.</summary>
    /// <param name="item">A single term or a parenthesised group.</param>
    /// <param name="min">Fewest repetitions.</param>
    /// <param name="max">Most repetitions, or null for no limit.</param>
    public static string Repeat(string item, int min, int? max) => (min, max) switch
    {
        (0, 0) => "",
        (1, 1) => item,
        (0, 1) => item + "?",
        (0, null) => item + "*",
        (1, null) => item + "+",
        (_, null) => $"{item}{{{min},}}",
        _ when min == max => $"{item}{{{min}}}",
        _ => $"{item}{{{min},{max}}}",
    };

    /// <summary>Compact JSON text of a constant, as the model has to write it: numbers as the schema spells them,
    /// strings escaped only where JSON requires it (quote, backslash, control characters), so every other character,
    /// emoji included, is written as itself (.NET's JSON encoders would escape characters outside the BMP as
    /// surrogate pairs, <c>\uD83D\uDE00</c>, which a model rarely writes).</summary>
    public static string Json(JsonElement value)
    {
        var text = new StringBuilder();
        Write(value, text);
        return text.ToString();
    }

    /// <summary>The JSON string literal of <paramref name="text"/> (quotes included), escaped as <see cref="Json"/> does.</summary>
    public static string JsonString(string text)
    {
        var builder = new StringBuilder();
        WriteString(text, builder);
        return builder.ToString();
    }

    private static void Write(JsonElement value, StringBuilder text)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                text.Append('{');
                foreach (var (property, i) in value.EnumerateObject().Select((p, i) => (p, i)))
                {
                    if (i > 0) text.Append(',');
                    WriteString(property.Name, text);
                    text.Append(':');
                    Write(property.Value, text);
                }
                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                foreach (var (item, i) in value.EnumerateArray().Select((v, i) => (v, i)))
                {
                    if (i > 0) text.Append(',');
                    Write(item, text);
                }
                text.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(value.GetString()!, text);
                break;
            default:
                text.Append(value.GetRawText()); // a number as written, true, false, null
                break;
        }
    }

    private static void WriteString(string value, StringBuilder text)
    {
        text.Append('"');
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                text.Append(c).Append(value[++i]); // a character outside the BMP, as itself
                continue;
            }
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' => $"\\u{(int)c:x4}",
                _ when char.IsSurrogate(c) => $"\\u{(int)c:x4}", // a lone surrogate can only be escaped
                _ => c.ToString(),
            });
        }
        text.Append('"');
    }

    /// <summary>Invariant decimal text.</summary>
    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
