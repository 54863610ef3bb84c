using System.Text;

namespace Workbench.Engine.Sampling;

/// <summary>
/// Turns the raw bytes of successive token pieces into text. A multi-byte UTF-8 character may be split across
/// tokens (SentencePiece byte tokens such as <c>&lt;0xE2&gt;</c>, or byte-level BPE); a stateful
/// <see cref="Decoder"/> keeps the incomplete tail until the next piece completes it, so characters come out
/// whole and no U+FFFD appears for a sequence that is merely split.
/// </summary>
/// <remarks>Not thread-safe: one assembler per generation.</remarks>
internal sealed class Utf8TextAssembler
{
    private readonly Decoder decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();

    /// <summary>Adds one token's bytes; returns the characters completed so far (possibly empty).</summary>
    public string Append(ReadOnlySpan<byte> bytes) => Decode(bytes, flush: false);

    /// <summary>Ends the stream: an incomplete trailing sequence becomes U+FFFD (it can never be completed).</summary>
    public string Flush() => Decode([], flush: true);

    private string Decode(ReadOnlySpan<byte> bytes, bool flush)
    {
        // UTF-8 yields at most one char per byte, plus up to 2 for bytes held from the previous call.
        var capacity = bytes.Length + 4;
        Span<char> chars = capacity <= 256 ? stackalloc char[capacity] : new char[capacity];
        var written = decoder.GetChars(bytes, chars, flush);
        return written == 0 ? "" : new string(chars[..written]);
    }
}
