// The harness of lab 07 "q8-blocks": visible code, compiled with your Solution.cs and run with it in the grading
// sandbox. The hidden checks run outside the sandbox and send floats as their 32-bit patterns (so nothing is lost
// in JSON); this harness turns them into float[], calls your Q8_0 class and sends back what it returned: each
// block's d as its 16 fp16 bits and its 32 qs, and dequantized floats as bits again.
using System.Text.Json.Nodes;
using Workbench.LabSdk;

internal static class Q8BlocksHarness
{
    /// <summary>Input <c>{"bits": [uint, …]}</c>: the weights as IEEE-754 single bit patterns. Output
    /// <c>{"blocks": [{"d": fp16 bits, "qs": [32 ints]}, …]}</c>, or <c>{"rejected": "message"}</c> when
    /// <c>Quantize</c> threw an <see cref="ArgumentException"/> (what it must do for a length that is not a multiple
    /// of 32). Any other exception is reported as your code's failure.</summary>
    [HarnessOperation("quantize")]
    public static JsonNode? Quantize(JsonNode? input, HarnessContext context)
    {
        var x = input!["bits"]!.AsArray().Select(b => BitConverter.UInt32BitsToSingle((uint)b!)).ToArray();
        Q8Block[] blocks;
        try
        {
            blocks = Q8_0.Quantize(x);
        }
        catch (ArgumentException e)
        {
            return new JsonObject { ["rejected"] = e.Message };
        }
        return new JsonObject
        {
            ["blocks"] = new JsonArray([.. blocks.Select(b => (JsonNode)new JsonObject
            {
                ["d"] = BitConverter.HalfToUInt16Bits(b.D),
                ["qs"] = new JsonArray([.. (b.Qs ?? []).Select(q => (JsonNode)(int)q)]),
            })]),
        };
    }

    /// <summary>Input <c>{"blocks": [{"d": fp16 bits, "qs": [32 ints]}, …]}</c>. Output <c>{"bits": [uint, …]}</c>:
    /// what <c>Dequantize</c> returned, as single bit patterns.</summary>
    [HarnessOperation("dequantize")]
    public static JsonNode? Dequantize(JsonNode? input, HarnessContext context)
    {
        var blocks = input!["blocks"]!.AsArray().Select(b => new Q8Block(
            BitConverter.UInt16BitsToHalf((ushort)b!["d"]!),
            [.. b["qs"]!.AsArray().Select(q => (sbyte)(int)q!)])).ToArray();
        var y = Q8_0.Dequantize(blocks);
        return new JsonObject { ["bits"] = new JsonArray([.. (y ?? []).Select(v => (JsonNode)BitConverter.SingleToUInt32Bits(v))]) };
    }
}
