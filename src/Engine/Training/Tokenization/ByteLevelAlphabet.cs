using System.Text;

namespace Workbench.Engine.Training.Tokenization;

/// <summary>GPT-2's <c>bytes_to_unicode</c> (openai/gpt-2 encoder.py; llama.cpp's <c>unicode_byte_to_utf8_map</c> in
/// src/unicode.cpp): each byte maps to one printable character, so a byte-level BPE token is stored as text. Bytes
/// '!'..'~', '¡'..'¬' and '®'..'ÿ' map to the character of the same number; the other 68 bytes (controls, space,
/// DEL, NBSP, soft hyphen, …) map to U+0100, U+0101, … in byte order. A space is 'Ġ' (U+0120), a newline 'Ċ'.</summary>
public static class ByteLevelAlphabet
{
    private static readonly char[] ByteToChar = Build();
    private static readonly Dictionary<char, byte> CharToByte =
        Enumerable.Range(0, 256).ToDictionary(b => ByteToChar[b], b => (byte)b);

    /// <summary>The character byte <paramref name="value"/> maps to.</summary>
    public static char ToChar(byte value) => ByteToChar[value];

    /// <summary>The byte-level text of UTF-8 bytes: one character per byte.</summary>
    public static string Encode(ReadOnlySpan<byte> utf8)
    {
        return string.Create(utf8.Length, utf8.ToArray(), static (chars, bytes) =>
        {
            for (int i = 0; i < bytes.Length; i++) chars[i] = ByteToChar[bytes[i]];
        });
    }

    /// <summary>The byte-level text of a string's UTF-8 encoding.</summary>
    public static string Encode(string text) => Encode(Encoding.UTF8.GetBytes(text));

    /// <summary>The bytes a byte-level text stands for.</summary>
    /// <exception cref="ArgumentException">A character is not one of the 256 byte characters.</exception>
    public static byte[] Decode(string byteLevelText)
    {
        ArgumentNullException.ThrowIfNull(byteLevelText);
        var bytes = new byte[byteLevelText.Length];
        for (int i = 0; i < bytes.Length; i++)
        {
            if (!CharToByte.TryGetValue(byteLevelText[i], out bytes[i]))
                throw new ArgumentException($"'{byteLevelText[i]}' (U+{(int)byteLevelText[i]:X4}) at {i} is not a byte-level character.", nameof(byteLevelText));
        }
        return bytes;
    }

    private static char[] Build()
    {
        var map = new char[256];
        var assigned = new bool[256];
        foreach (var (from, to) in new[] { (0x21, 0x7E), (0xA1, 0xAC), (0xAE, 0xFF) })
        {
            for (int b = from; b <= to; b++)
            {
                map[b] = (char)b;
                assigned[b] = true;
            }
        }
        int n = 0;
        for (int b = 0; b < 256; b++)
        {
            if (!assigned[b]) map[b] = (char)(256 + n++);
        }
        return map;
    }
}
