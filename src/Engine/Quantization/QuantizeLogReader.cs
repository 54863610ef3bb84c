using System.Globalization;
using System.Text.RegularExpressions;

namespace Workbench.Engine.Quantization;

/// <summary>
/// Reads llama.cpp's quantize log (src/llama-quant.cpp, v0.5.0), line by line as <c>LlamaLog</c> assembles it:
/// <list type="bullet">
/// <item>before the main loop, for a tensor whose row length is not a multiple of the target type's block:
/// <c>warning: NAME - ncols N not divisible by K (required for type T)</c>, optionally
/// <c>(WARNING: must use F16 due to unusual shape)</c>, then <c>-> falling back to T2</c>;</item>
/// <item>per tensor: <c>[   i/   n] NAME - [d0, d1, d2, d3], type =    f32, </c>, then either
/// <c>converting to q4_0 .. </c> and a size line, or only a size line (copied unchanged);</item>
/// <item>at the end: <c>…: model size  =  X MiB (B BPW)</c> and <c>…: quant size  = …</c>.</item>
/// </list>
/// </summary>
internal sealed partial class QuantizeLogReader
{
    private readonly List<QuantizedTensor> _tensors = [];
    private readonly Dictionary<string, string> _fallbacks = new(StringComparer.Ordinal);
    private string? _pendingFallbackName;
    private string? _pendingFallbackText;
    private (string Name, long[] Shape, string SourceType)? _current;
    private string? _currentType;

    /// <summary>Tensors seen so far, in file order, with their final types.</summary>
    public IReadOnlyList<QuantizedTensor> Tensors => _tensors;

    /// <summary>The 1-based index of the tensor being written, and the tensor count (0, 0 before the first).</summary>
    public (int Index, int Count) Position { get; private set; }

    /// <summary>The current tensor's name, or null.</summary>
    public string? CurrentTensor => _current?.Name;

    /// <summary>Model size before (MiB, BPW), once logged.</summary>
    public (double MiB, double Bpw)? ModelSize { get; private set; }

    /// <summary>Size after (MiB, BPW), once logged.</summary>
    public (double MiB, double Bpw)? QuantSize { get; private set; }

    /// <summary>Feeds one log line.</summary>
    /// <param name="line">The line, without its newline.</param>
    /// <returns>True when the line started a new tensor (progress moved).</returns>
    public bool Read(string line)
    {
        string text = line.Trim();
        if (FallbackWarning().Match(text) is { Success: true } warning)
        {
            _pendingFallbackName = warning.Groups["name"].Value;
            _pendingFallbackText = text;
            return false;
        }
        if (text.StartsWith("(WARNING: must use F16", StringComparison.Ordinal) && _pendingFallbackText is not null)
        {
            _pendingFallbackText += " " + text;
            return false;
        }
        if (FallingBack().Match(text) is { Success: true } fallback && _pendingFallbackName is not null)
        {
            _fallbacks[_pendingFallbackName] = Spaces().Replace($"{_pendingFallbackText} -> falling back to {fallback.Groups["type"].Value}", " ");
            _pendingFallbackName = _pendingFallbackText = null;
            return false;
        }
        if (TensorLine().Match(text) is { Success: true } tensor)
        {
            Finish();
            long[] shape = tensor.Groups["shape"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(d => long.Parse(d, CultureInfo.InvariantCulture)).ToArray();
            _current = (tensor.Groups["name"].Value, shape, tensor.Groups["type"].Value);
            _currentType = null;
            Position = (int.Parse(tensor.Groups["i"].Value, CultureInfo.InvariantCulture), int.Parse(tensor.Groups["n"].Value, CultureInfo.InvariantCulture));
            return true;
        }
        if (Converting().Match(text) is { Success: true } converting)
        {
            _currentType = converting.Groups["type"].Value;
            return false;
        }
        if (text.StartsWith("size =", StringComparison.Ordinal))
        {
            Finish();
            return false;
        }
        if (SizeSummary().Match(text) is { Success: true } size)
        {
            var value = (double.Parse(size.Groups["mib"].Value, CultureInfo.InvariantCulture), double.Parse(size.Groups["bpw"].Value, CultureInfo.InvariantCulture));
            if (size.Groups["which"].Value == "model") ModelSize = value; else QuantSize = value;
        }
        return false;
    }

    private void Finish()
    {
        if (_current is not { } t) return;
        bool fallback = _fallbacks.TryGetValue(t.Name, out var reason);
        _tensors.Add(new QuantizedTensor(t.Name, t.Shape, t.SourceType, _currentType ?? t.SourceType, fallback, reason));
        _current = null;
        _currentType = null;
    }

    [GeneratedRegex(@"^warning: (?<name>\S+)\s+- ncols\s+\d+ not divisible by\s+\d+ \(required for type\s+\S+\)$")]
    private static partial Regex FallbackWarning();

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^-> falling back to\s+(?<type>\S+)$")]
    private static partial Regex FallingBack();

    [GeneratedRegex(@"^\[\s*(?<i>\d+)/\s*(?<n>\d+)\]\s+(?<name>\S+)\s+- \[(?<shape>[^\]]*)\], type =\s+(?<type>\S+?),?$")]
    private static partial Regex TensorLine();

    [GeneratedRegex(@"^converting to (?<type>\S+) \.\.")]
    private static partial Regex Converting();

    [GeneratedRegex(@": (?<which>model|quant) size\s+=\s+(?<mib>[0-9.]+) MiB \((?<bpw>[0-9.]+) BPW\)$")]
    private static partial Regex SizeSummary();
}
