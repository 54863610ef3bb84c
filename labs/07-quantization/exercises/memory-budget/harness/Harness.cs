// The harness of lab 07 "memory-budget": visible code, compiled with your Solution.cs and run with it in the
// grading sandbox. The hidden checks run outside the sandbox and send budgets and model shapes as JSON; this
// harness calls your MemoryBudget and sends back what it returned.
using System.Text.Json.Nodes;
using Workbench.LabSdk;

internal static class MemoryBudgetHarness
{
    /// <summary>Input <c>{"parameters": 8030261248, "bits_per_weight": 4.5}</c>. Output <c>{"bytes": long}</c>.</summary>
    [HarnessOperation("weight_bytes")]
    public static JsonNode? WeightBytes(JsonNode? input, HarnessContext context) =>
        new JsonObject { ["bytes"] = MemoryBudget.WeightBytes((long)input!["parameters"]!, (double)input["bits_per_weight"]!) };

    /// <summary>Input <c>{"model": {"parameters", "n_layer", "n_head_kv", "head_dim", "max_context"}, "context": 8192}</c>.
    /// Output <c>{"bytes": long}</c>.</summary>
    [HarnessOperation("kv_cache_bytes")]
    public static JsonNode? KvCacheBytes(JsonNode? input, HarnessContext context) =>
        new JsonObject { ["bytes"] = MemoryBudget.KvCacheBytes(Model(input!["model"]!), (int)input["context"]!) };

    /// <summary>Input <c>{"budget_bytes": long, "model": {…}, "types": [{"name": "Q8_0", "bits_per_weight": 8.5}, …],
    /// "overhead_bytes": long}</c>. Output <c>{"fits": false}</c> for null, else <c>{"fits": true, "type", "context",
    /// "weight_bytes", "kv_cache_bytes", "total_bytes"}</c>.</summary>
    [HarnessOperation("choose")]
    public static JsonNode? Choose(JsonNode? input, HarnessContext context)
    {
        var types = input!["types"]!.AsArray().Select(t => new WeightType((string)t!["name"]!, (double)t["bits_per_weight"]!)).ToList();
        var plan = MemoryBudget.Choose((long)input["budget_bytes"]!, Model(input["model"]!), types, (long)input["overhead_bytes"]!);
        return plan is null
            ? new JsonObject { ["fits"] = false }
            : new JsonObject
            {
                ["fits"] = true,
                ["type"] = plan.Type,
                ["context"] = plan.Context,
                ["weight_bytes"] = plan.WeightBytes,
                ["kv_cache_bytes"] = plan.KvCacheBytes,
                ["total_bytes"] = plan.TotalBytes,
            };
    }

    private static ModelShape Model(JsonNode model) => new(
        (long)model["parameters"]!, (int)model["n_layer"]!, (int)model["n_head_kv"]!, (int)model["head_dim"]!, (int)model["max_context"]!);
}
