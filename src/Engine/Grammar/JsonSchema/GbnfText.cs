using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Workbench.Engine.Grammar.JsonSchema;

/// <summary>Writing GBNF terminals (llama.cpp <c>grammars/README.md</c>): quoted literals, character classes,
/// repetition suffixes, and the JSON text of a constant.</summary>
internal static class GbnfText
{
    private static readonly JsonWriterOptions CompactJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

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

    /// <summary>Compact JSON text of a constant (non-ASCII kept as UTF-8), as the model has to write it.</summary>
    public static string Json(JsonElement value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, CompactJson)) value.WriteTo(writer);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The JSON string literal of <paramref name="text"/> (quotes included).</summary>
    public static string JsonString(string text) => JsonSerializer.Serialize(text, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>Invariant decimal text.</summary>
    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
