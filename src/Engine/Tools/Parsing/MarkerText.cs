using System.Text;
using System.Text.Json;

namespace Workbench.Engine.Tools.Parsing;

/// <summary>Marker arithmetic on spans: prefix matching and hold-back length.</summary>
internal static class MarkerText
{
    public static MarkerMatch Match(ReadOnlySpan<char> text, string literal, bool final)
    {
        if (text.StartsWith(literal, StringComparison.Ordinal))
        {
            return MarkerMatch.Yes;
        }
        if (!final && text.Length < literal.Length && literal.AsSpan().StartsWith(text, StringComparison.Ordinal))
        {
            return MarkerMatch.Partial;
        }
        return MarkerMatch.No;
    }

    /// <summary>The length of the longest suffix of <paramref name="text"/> that is a proper prefix of a marker.</summary>
    public static int HeldBack(ReadOnlySpan<char> text, string[] markers)
    {
        int keep = 0;
        foreach (string marker in markers)
        {
            for (int k = Math.Min(marker.Length - 1, text.Length); k > keep; k--)
            {
                if (text[^k..].SequenceEqual(marker.AsSpan(0, k)))
                {
                    keep = k;
                    break;
                }
            }
        }
        return keep;
    }

    /// <summary>The UTF-16 offset in <paramref name="json"/> of a <see cref="JsonException"/>'s line and byte position.</summary>
    public static int CharOffset(string json, JsonException ex)
    {
        int line = (int)(ex.LineNumber ?? 0), at = 0;
        for (int l = 0; l < line && at < json.Length; l++)
        {
            int next = json.IndexOf('\n', at);
            at = next < 0 ? json.Length : next + 1;
        }
        long bytes = ex.BytePositionInLine ?? 0;
        while (at < json.Length && bytes > 0 && json[at] != '\n')
        {
            bytes -= Encoding.UTF8.GetByteCount(json.AsSpan(at, char.IsHighSurrogate(json[at]) && at + 1 < json.Length ? 2 : 1));
            at += char.IsHighSurrogate(json[at]) && at + 1 < json.Length ? 2 : 1;
        }
        return at;
    }
}
