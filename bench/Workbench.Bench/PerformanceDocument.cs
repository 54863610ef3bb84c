namespace Workbench.Bench;

/// <summary>Writes the benchmark's section into docs/PERFORMANCE.md between marker comments, keeping the rest of the
/// file (hand-written notes, other issues' benchmarks, the section of another thread count) as it is.</summary>
internal static class PerformanceDocument
{
    /// <summary>Replaces (or appends) the block of <paramref name="key"/> (for example <c>threads-2</c>) of
    /// <paramref name="area"/> (the issue the benchmark belongs to: <c>foundation</c>, <c>lab-platform</c>).</summary>
    public static void WriteSection(string path, string key, string section, string area = "foundation")
    {
        string beginMarker = $"<!-- bench:{area}:{key}:begin (written by bench/Workbench.Bench; do not edit by hand) -->";
        string endMarker = $"<!-- bench:{area}:{key}:end -->";
        string block = $"{beginMarker}\n{section.TrimEnd()}\n{endMarker}";
        string text = File.Exists(path) ? File.ReadAllText(path) : "# Performance\n\n";
        int begin = text.IndexOf(beginMarker, StringComparison.Ordinal), end = text.IndexOf(endMarker, StringComparison.Ordinal);
        text = begin >= 0 && end > begin
            ? text[..begin] + block + text[(end + endMarker.Length)..]
            : text.TrimEnd() + "\n\n" + block + "\n";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
