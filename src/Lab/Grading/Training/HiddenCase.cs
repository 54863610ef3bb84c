using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workbench.Lab.Grading.Training;

/// <summary>One hidden prompt of a training exercise (never shown to students): the tools offered, the messages up
/// to the assistant's turn, and the call expected.</summary>
/// <param name="Tools">The OpenAI <c>tools</c> entries offered.</param>
/// <param name="Messages">OpenAI chat messages (system?, user).</param>
/// <param name="ToolName">The tool the reply must call, or null for "no call".</param>
/// <param name="Arguments">The arguments the call must have (null for no call).</param>
public sealed record HiddenCase(IReadOnlyList<JsonObject> Tools, IReadOnlyList<JsonObject> Messages, string? ToolName, JsonObject? Arguments)
{
    /// <summary>
    /// Reads a hidden-cases file: one JSON object a line, <c>{"tools": ["get_exchange_rate", "get_weather"],
    /// "messages": [{"role": "user", "content": "…"}], "expected": {"tool": "…" | null, "arguments": {…} | null}}</c>;
    /// blank lines are skipped. Each tool name is resolved by <paramref name="resolveTool"/> to its <c>tools</c> entry.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="resolveTool">Tool name → its OpenAI <c>tools</c> entry (a fresh object), or null when unknown.</param>
    /// <returns>The cases in file order.</returns>
    /// <exception cref="FormatException">A line is not such an object or names an unknown tool; the message names
    /// the line.</exception>
    public static IReadOnlyList<HiddenCase> Load(string path, Func<string, JsonObject?> resolveTool)
    {
        var cases = new List<HiddenCase>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                var node = JsonNode.Parse(line) as JsonObject ?? throw new FormatException("not a JSON object");
                var tools = (node["tools"] as JsonArray ?? throw new FormatException("no 'tools' array"))
                    .Select(t => (string?)t ?? throw new FormatException("a tool name is not a string"))
                    .Select(n => resolveTool(n) ?? throw new FormatException($"unknown tool '{n}'"))
                    .ToList();
                var messages = (node["messages"] as JsonArray ?? throw new FormatException("no 'messages' array"))
                    .Select(m => m as JsonObject ?? throw new FormatException("a message is not an object"))
                    .Select(m => (JsonObject)m.DeepClone())
                    .ToList();
                var expected = node["expected"] as JsonObject ?? throw new FormatException("no 'expected' object");
                var tool = (string?)expected["tool"];
                var arguments = expected["arguments"] is JsonObject a ? (JsonObject)a.DeepClone() : null;
                if (tool is not null && arguments is null) throw new FormatException("'expected' names a tool but no arguments");
                cases.Add(new HiddenCase(tools, messages, tool, arguments));
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                throw new FormatException($"{Path.GetFileName(path)} line {number}: {e.Message}", e);
            }
        }
        return cases;
    }
}
