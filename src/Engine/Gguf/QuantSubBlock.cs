namespace Workbench.Engine.Gguf;

/// <summary>One run of values sharing a scale inside a quantized block: values <see cref="Start"/> ..
/// <see cref="Start"/> + <see cref="Length"/> − 1 of the block are <c>x = Scale · q − Min</c>.</summary>
/// <param name="Index">Sub-block number within the block.</param>
/// <param name="Start">First value (0-based, within the block).</param>
/// <param name="Length">Number of values (32 for legacy blocks and Q4_K/Q5_K, 16 for Q2_K/Q3_K/Q6_K).</param>
/// <param name="ScaleCode">The stored integer scale of a K-quant sub-block (Q4_K: 6 bits, Q6_K: int8); null for
/// legacy blocks, whose scale is the fp16 d itself.</param>
/// <param name="MinCode">The stored integer min of a K-quant sub-block (Q2_K/Q4_K/Q5_K), else null.</param>
/// <param name="Scale">The effective float scale (K-quants: d · code; Q3_K: d · (code − 32)).</param>
/// <param name="Min">The effective float offset subtracted (dmin · code; legacy _1 types: −m; else 0).</param>
public sealed record QuantSubBlock(int Index, int Start, int Length, int? ScaleCode, int? MinCode, float Scale, float Min);
