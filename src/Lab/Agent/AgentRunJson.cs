using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Workbench.Lab.Agent;

/// <summary>
/// The JSON of a run, in snake_case with lower-case enums — the shape of <c>GET /api/agent/runs/{id}</c>, the hub's
/// stream, the saved files (<c>{DataDirectory}/agent-runs/&lt;id&gt;.json</c>) and the JSONL export
/// (<see cref="ExportJsonl"/>): <c>{id, task_id, backend, model, verify_on_edit, seed, owner_id, status, stop_reason,
/// error, final_answer, steps: [{index, raw, text, tool_calls: [{id, name, arguments}], results: [{call_id, name,
/// text, is_error, ms, edit_index}], input_tokens, output_tokens, ms, nudge, compaction}], edits: [{step, call_id,
/// path, before, after, rolled_back, syntax_error}], tests: {command, passed, exit_code, output, ms}, diff,
/// input_tokens, output_tokens, started_at, ended_at, passed}</c>.
/// </summary>
public static class AgentRunJson
{
    /// <summary>The serializer options (snake_case names and enums, compact).</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The record as a JSON object (each step's tokens also as <c>tokens: {input, output}</c>).</summary>
    public static JsonObject ToJson(AgentRunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var json = JsonSerializer.SerializeToNode(record, Options)!.AsObject();
        json["task"] = record.TaskId;
        if (json["steps"] is JsonArray steps)
            foreach (var step in steps.OfType<JsonObject>())
                step["tokens"] = new JsonObject { ["input"] = step["input_tokens"]?.DeepClone(), ["output"] = step["output_tokens"]?.DeepClone() };
        return json;
    }

    /// <summary>Reads a saved record.</summary>
    /// <exception cref="JsonException">Not a record.</exception>
    public static AgentRunRecord FromJson(string json) =>
        JsonSerializer.Deserialize<AgentRunRecord>(json, Options) ?? throw new JsonException("null record");

    /// <summary>JSON Lines: one <c>{"type":"step", ...step}</c> line per step, then one <c>{"type":"run", id, task,
    /// backend, model, verify_on_edit, seed, status, stop_reason, error, final_answer, tests, diff, edits, input_tokens,
    /// output_tokens, started_at, ended_at, passed}</c> line. Every line ends with <c>\n</c>.</summary>
    public static string ExportJsonl(AgentRunRecord record)
    {
        var json = ToJson(record);
        var lines = new System.Text.StringBuilder();
        foreach (var step in (json["steps"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var line = new JsonObject { ["type"] = "step", ["run_id"] = record.Id };
            foreach (var (key, value) in step) line[key] = value?.DeepClone();
            lines.Append(line.ToJsonString()).Append('\n');
        }
        var run = new JsonObject { ["type"] = "run" };
        foreach (var (key, value) in json)
            if (key != "steps") run[key] = value?.DeepClone();
        return lines.Append(run.ToJsonString()).Append('\n').ToString();
    }
}
