// Hidden checks of lab 07 "memory-budget". Compiled alone and run in the grading process, never in the sandbox and
// never served to students. They send budgets, model shapes and candidate types through the harness (operations
// "weight_bytes", "kv_cache_bytes", "choose") and compare the answers with the reference below.
//
// The arithmetic (lab 07's "VRAM arithmetic"): weights = ceil(parameters × bits per weight / 8); the F16 KV cache =
// n_ctx × n_layer × n_head_kv × head_dim × 2 (K and V) × 2 bytes (llama.cpp's llama_kv_cache: one K and one V
// tensor per layer of n_embd_k_gqa = n_head_kv × head_dim elements per cell, F16 by default); contexts are
// multiples of 256 (llama-context.cpp pads n_ctx with GGML_PAD(n_ctx, 256)). Bits per weight are ggml's block
// sizes (ggml-common.h): Q8_0 34 B / 32, Q6_K 210 B / 256, Q5_K 176 B / 256, Q4_K 144 B / 256, Q3_K 110 B / 256,
// Q2_K 84 B / 256 — all exact in binary, so any order of the arithmetic gives the same bytes. The shapes are the
// models' published config.json values (num_hidden_layers, num_key_value_heads, head_dim, max_position_embeddings).
using System.Text.Json.Nodes;
using Workbench.LabSdk;

namespace Workbench.Labs.Quantization;

public static class MemoryBudgetChecks
{
    private const long GiB = 1L << 30;
    private const long MiB = 1L << 20;
    private const int Step = 256;
    private static readonly long Overhead = 512 * MiB;

    private sealed record Shape(string Name, long Parameters, int Layers, int KvHeads, int HeadDim, int MaxContext);

    private sealed record Candidate(string Name, double BitsPerWeight);

    private sealed record Plan(string Type, int Context, long WeightBytes, long KvCacheBytes, long TotalBytes);

    private static readonly Shape Llama31_8B = new("Llama 3.1 8B", 8_030_261_248, 32, 8, 128, 131_072);
    private static readonly Shape Llama31_70B = new("Llama 3.1 70B", 70_553_706_496, 80, 8, 128, 131_072);
    private static readonly Shape QwenCoder1_5B = new("Qwen2.5-Coder 1.5B", 1_543_714_304, 28, 2, 128, 32_768);
    private static readonly Shape QwenCoder7B = new("Qwen2.5-Coder 7B", 7_615_616_512, 28, 4, 128, 32_768);
    private static readonly Shape QwenCoder32B = new("Qwen2.5-Coder 32B", 32_763_876_352, 64, 8, 128, 32_768);
    private static readonly Shape Qwen3Coder30BA3B = new("Qwen3-Coder-30B-A3B (MoE: all 30.5B resident)", 30_532_122_624, 48, 4, 128, 262_144);
    private static readonly Shape Odd = new("A small model trained at 1000 tokens", 50_000_000, 8, 4, 64, 1000);

    /// <summary>llama.cpp's types, deliberately not in order of bits.</summary>
    private static readonly Candidate[] Types =
    [
        new("Q4_K", 4.5), new("Q8_0", 8.5), new("Q2_K", 2.625), new("F16", 16), new("Q6_K", 6.5625), new("Q5_K", 5.5), new("Q3_K", 3.4375),
    ];

    private static readonly Candidate[] QuantizedOnly = [.. Types.Where(t => t.Name != "F16")];

    [Check("weight-bytes")]
    public static async Task WeightBytes(CheckContext context)
    {
        (long Parameters, double Bits)[] cases = [(Llama31_8B.Parameters, 4.5), (Llama31_70B.Parameters, 2.625), (QwenCoder7B.Parameters, 6.5625), (1001, 4.5), (1, 8.5), (32_000, 16)];
        foreach (var (parameters, bits) in cases)
        {
            var got = (long?)(await context.CallAsync("weight_bytes", new JsonObject { ["parameters"] = parameters, ["bits_per_weight"] = bits }))?["bytes"];
            var expected = ReferenceWeightBytes(parameters, bits);
            if (got != expected)
                throw new CheckFailedException($"WeightBytes({parameters:N0} parameters, {bits} bits) = {got:N0}; expected {expected:N0} = ceil({parameters} × {bits} / 8).");
        }
    }

    [Check("kv-cache")]
    public static async Task KvCache(CheckContext context)
    {
        (Shape Model, int Context)[] cases = [(Llama31_8B, 8192), (QwenCoder7B, 32_768), (QwenCoder1_5B, 256), (Llama31_70B, 131_072), (Qwen3Coder30BA3B, 262_144)];
        foreach (var (model, n) in cases)
        {
            var got = (long?)(await context.CallAsync("kv_cache_bytes", new JsonObject { ["model"] = Json(model), ["context"] = n }))?["bytes"];
            var expected = ReferenceKvBytes(model, n);
            if (got != expected)
                throw new CheckFailedException($"KvCacheBytes({model.Name}, n_ctx {n:N0}) = {got:N0}; expected {expected:N0} = {n} × {model.Layers} layers × {model.KvHeads} KV heads × {model.HeadDim} × 2 (K and V) × 2 bytes" +
                    (expected > int.MaxValue ? " (more than int can hold: multiply in long)." : "."));
        }
    }

    [Check("best-type")]
    public static async Task BestType(CheckContext context)
    {
        (Shape, long)[] cases =
        [
            (Llama31_8B, 8 * GiB), (Llama31_8B, 12 * GiB), (Llama31_8B, 24 * GiB), (QwenCoder7B, 16 * GiB), (QwenCoder32B, 24 * GiB),
            (Qwen3Coder30BA3B, 24 * GiB), (Llama31_70B, 48 * GiB), (Llama31_70B, 80 * GiB), (QwenCoder1_5B, 8 * GiB),
        ];
        foreach (var (model, budget) in cases) await ExpectAsync(context, $"{model.Name} in {budget / GiB} GiB", budget, model, Types);
    }

    [Check("exact-budget")]
    public static async Task ExactBudget(CheckContext context)
    {
        // Q8_0 at 4096 tokens, to the byte: it fits (≤), and one byte less is one step of 256 tokens less.
        var q8 = Types.Single(t => t.Name == "Q8_0");
        var exact = ReferenceWeightBytes(Llama31_8B.Parameters, q8.BitsPerWeight) + Overhead + ReferenceKvBytes(Llama31_8B, 4096);
        await ExpectAsync(context, $"{Llama31_8B.Name}, a budget of exactly Q8_0's weights + the overhead + 4096 tokens of KV cache ({exact:N0} bytes)", exact, Llama31_8B, Types);
        await ExpectAsync(context, $"{Llama31_8B.Name}, one byte less than that ({exact - 1:N0} bytes)", exact - 1, Llama31_8B, Types);
    }

    [Check("nothing-fits")]
    public static async Task NothingFits(CheckContext context)
    {
        var q2 = Types.Single(t => t.Name == "Q2_K");
        var least = ReferenceWeightBytes(Llama31_70B.Parameters, q2.BitsPerWeight) + Overhead + ReferenceKvBytes(Llama31_70B, Step);
        await ExpectAsync(context, $"{Llama31_70B.Name} in 16 GiB", 16 * GiB, Llama31_70B, Types);
        await ExpectAsync(context, $"{Llama31_70B.Name} in one byte less than Q2_K with 256 tokens needs ({least - 1:N0} bytes)", least - 1, Llama31_70B, Types);
        await ExpectAsync(context, $"{Llama31_70B.Name} in exactly what Q2_K with 256 tokens needs ({least:N0} bytes)", least, Llama31_70B, Types);
        await ExpectAsync(context, $"{Llama31_8B.Name} in 2 GiB", 2 * GiB, Llama31_8B, Types);
        await ExpectAsync(context, $"{Llama31_8B.Name} with no candidate types", 24 * GiB, Llama31_8B, []);
    }

    [Check("small-context")]
    public static async Task SmallContext(CheckContext context)
    {
        // Room for Q8_0 with 256 tokens and a little more (not another step): Q8_0 at 256, not Q6_K at a long context.
        var q8 = Types.Single(t => t.Name == "Q8_0");
        var perToken = ReferenceKvBytes(QwenCoder32B, 1);
        var budget = ReferenceWeightBytes(QwenCoder32B.Parameters, q8.BitsPerWeight) + Overhead + perToken * (2 * Step - 1);
        await ExpectAsync(context, $"{QwenCoder32B.Name}, room for Q8_0 with 256 tokens but not 512 ({budget:N0} bytes; no F16)", budget, QwenCoder32B, QuantizedOnly);
    }

    [Check("context-cap")]
    public static async Task ContextCap(CheckContext context)
    {
        await ExpectAsync(context, $"{QwenCoder1_5B.Name} in 80 GiB (the context stops at the model's {QwenCoder1_5B.MaxContext:N0})", 80 * GiB, QwenCoder1_5B, Types);
        await ExpectAsync(context, $"{Odd.Name} in 8 GiB (the longest multiple of 256 within 1000 is 768)", 8 * GiB, Odd, Types);
    }

    private static async Task ExpectAsync(CheckContext context, string what, long budget, Shape model, Candidate[] types)
    {
        var input = new JsonObject
        {
            ["budget_bytes"] = budget,
            ["model"] = Json(model),
            ["types"] = new JsonArray([.. types.Select(t => (JsonNode)new JsonObject { ["name"] = t.Name, ["bits_per_weight"] = t.BitsPerWeight })]),
            ["overhead_bytes"] = Overhead,
        };
        var got = await context.CallAsync("choose", input);
        var expected = ReferenceChoose(budget, model, types);
        var fits = (bool?)got?["fits"] ?? false;
        if (expected is null)
        {
            if (fits)
                throw new CheckFailedException($"{what}: you chose {(string?)got!["type"]} at {(int?)got["context"]} tokens (total {(long?)got["total_bytes"]:N0} bytes); nothing fits: even the fewest bits with 256 tokens is over the budget.");
            return;
        }
        if (!fits)
            throw new CheckFailedException($"{what}: you said nothing fits; expected {Describe(expected)}.");
        var plan = new Plan((string)got!["type"]!, (int)got["context"]!, (long)got["weight_bytes"]!, (long)got["kv_cache_bytes"]!, (long)got["total_bytes"]!);
        if (plan != expected)
            throw new CheckFailedException($"{what}: you chose {Describe(plan)}; expected {Describe(expected)}.");
    }

    private static string Describe(Plan p) =>
        $"{p.Type} at {p.Context:N0} tokens (weights {p.WeightBytes:N0} + KV cache {p.KvCacheBytes:N0} + overhead = {p.TotalBytes:N0} bytes)";

    private static JsonObject Json(Shape model) => new()
    {
        ["parameters"] = model.Parameters,
        ["n_layer"] = model.Layers,
        ["n_head_kv"] = model.KvHeads,
        ["head_dim"] = model.HeadDim,
        ["max_context"] = model.MaxContext,
    };

    private static long ReferenceWeightBytes(long parameters, double bitsPerWeight) => (long)Math.Ceiling(parameters * bitsPerWeight / 8);

    private static long ReferenceKvBytes(Shape model, long context) => context * model.Layers * model.KvHeads * model.HeadDim * 2 * 2;

    /// <summary>The most bits per weight that leaves room for at least 256 tokens, then the most whole steps of 256
    /// tokens up to the model's context (rounded down to 256); the first listed wins a tie.</summary>
    private static Plan? ReferenceChoose(long budget, Shape model, Candidate[] types)
    {
        foreach (var type in types.OrderByDescending(t => t.BitsPerWeight))
        {
            var weights = ReferenceWeightBytes(model.Parameters, type.BitsPerWeight);
            var forKv = budget - weights - Overhead;
            var steps = forKv < 0 ? 0 : forKv / ReferenceKvBytes(model, Step);
            var context = (int)Math.Min(steps * Step, model.MaxContext / Step * Step);
            if (context < Step) continue;
            var kv = ReferenceKvBytes(model, context);
            return new Plan(type.Name, context, weights, kv, weights + kv + Overhead);
        }
        return null;
    }
}
