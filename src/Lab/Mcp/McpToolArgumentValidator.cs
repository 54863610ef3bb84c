using System.Globalization;
using System.Text.Json;
using Json.Schema;

namespace Workbench.Lab.Mcp;

/// <summary>
/// Checks a <c>tools/call</c>'s arguments against the tool's <c>inputSchema</c> before anything is sent, with
/// JsonSchema.Net: draft-07 (<c>"$schema": "http://json-schema.org/draft-07/schema#"</c>, what the TypeScript SDK's
/// servers write) and 2020-12 (the MCP specification's default: a schema without <c>$schema</c> is 2020-12).
/// </summary>
public static class McpToolArgumentValidator
{
    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List };

    /// <summary>Validates <paramref name="arguments"/> (null = <c>{}</c>) against <paramref name="inputSchema"/>.</summary>
    /// <returns>Null when they match; else one line per failure, each the JSON Pointer of the offending value
    /// (<c>/</c> for the whole object) and the rule, e.g. <c>/a: expected number, got string</c> or
    /// <c>/: required property 'b' is missing</c>.</returns>
    /// <exception cref="ArgumentException">The schema itself cannot be built (the message says why).</exception>
    public static string? Validate(JsonElement inputSchema, JsonElement? arguments)
    {
        JsonSchema schema;
        try
        {
            var options = new BuildOptions { SchemaRegistry = new SchemaRegistry(), Dialect = Dialect.Draft202012 };
            schema = JsonSchema.Build(inputSchema, options, new Uri($"urn:workbench:mcp:{Guid.NewGuid():N}"));
        }
        catch (Exception e) when (e is JsonSchemaException or JsonException or InvalidOperationException or ArgumentException)
        {
            throw new ArgumentException($"The tool's inputSchema cannot be used: {e.Message}", nameof(inputSchema), e);
        }
        using var empty = JsonDocument.Parse("{}");
        var instance = arguments is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } a ? a : empty.RootElement;
        var results = schema.Evaluate(instance, Evaluation);
        if (results.IsValid) return null;
        var lines = new List<string>();
        foreach (var detail in Flatten(results))
        {
            if (detail.Errors is null) continue;
            string pointer = detail.InstanceLocation.ToString();
            if (pointer.Length == 0) pointer = "/";
            foreach (var (keyword, message) in detail.Errors)
            {
                var value = Locate(instance, detail.InstanceLocation.ToString());
                lines.Add($"{pointer}: {Describe(keyword, message, value)}");
            }
        }
        return lines.Count == 0 ? "/: the arguments do not match the inputSchema" : string.Join("\n", lines.Distinct());
    }

    private static IEnumerable<EvaluationResults> Flatten(EvaluationResults results)
    {
        yield return results;
        if (results.Details is null) yield break;
        foreach (var child in results.Details)
            foreach (var nested in Flatten(child))
                yield return nested;
    }

    // The rule in the workbench's words where the keyword is common, else JsonSchema.Net's own message.
    private static string Describe(string keyword, string message, JsonElement? value) => keyword switch
    {
        "type" when value is { } v => $"expected {ExpectedType(message)}, got {TypeName(v)}",
        "required" => $"{message.TrimEnd('.')}",
        "additionalProperties" or "false" => $"no other properties are allowed ({message.TrimEnd('.')})",
        _ => $"{keyword}: {message.TrimEnd('.')}",
    };

    // JsonSchema.Net writes: Value is "string" but should be "number" (or a list of types).
    private static string ExpectedType(string message)
    {
        int at = message.IndexOf("should be", StringComparison.Ordinal);
        return at < 0 ? message : message[(at + "should be".Length)..].Trim().Trim('.').Replace("\"", "", StringComparison.Ordinal);
    }

    private static string TypeName(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => value.TryGetInt64(out _) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    private static JsonElement? Locate(JsonElement root, string pointer)
    {
        if (pointer.Length == 0) return root;
        var node = root;
        foreach (string raw in pointer.TrimStart('/').Split('/'))
        {
            string token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (node.ValueKind == JsonValueKind.Object && node.TryGetProperty(token, out var child)) node = child;
            else if (node.ValueKind == JsonValueKind.Array && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int i) && i < node.GetArrayLength()) node = node[i];
            else return null;
        }
        return node;
    }
}
