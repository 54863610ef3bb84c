using System.Text.Json;

namespace Workbench.Engine.Tools.Parsing;

/// <summary>The request's tools as the parsers look them up: names, and each parameter's JSON Schema type.</summary>
internal sealed class ToolSet
{
    private readonly Dictionary<string, ToolDefinition>? _byName;
    private readonly string _names = "";

    public ToolSet(IReadOnlyList<ToolDefinition>? tools)
    {
        if (tools is null)
        {
            return;
        }
        _byName = new Dictionary<string, ToolDefinition>(StringComparer.Ordinal);
        foreach (ToolDefinition tool in tools)
        {
            _byName.TryAdd(tool.Name, tool);
        }
        _names = string.Join(", ", tools.Select(t => t.Name));
    }

    /// <summary>Null when <paramref name="name"/> may be called; else the diagnostic's text.</summary>
    public string? Reject(string name)
    {
        if (name.Length == 0)
        {
            return "the function name is empty";
        }
        if (_byName is null || _byName.ContainsKey(name))
        {
            return null;
        }
        return _byName.Count == 0 ? $"unknown tool '{name}' (the request has no tools)" : $"unknown tool '{name}' (tools: {_names})";
    }

    /// <summary>The JSON Schema type of parameter <paramref name="key"/> of <paramref name="tool"/> (the first non-null
    /// of a type list or of <c>anyOf</c>/<c>oneOf</c>); null when unknown (no tools, no such property, no type).</summary>
    public string? ParameterType(string tool, string key)
    {
        if (_byName is null || !_byName.TryGetValue(tool, out ToolDefinition? definition)
            || definition.Parameters.ValueKind != JsonValueKind.Object
            || !definition.Parameters.TryGetProperty("properties", out JsonElement properties)
            || properties.ValueKind != JsonValueKind.Object
            || !properties.TryGetProperty(key, out JsonElement schema))
        {
            return null;
        }
        return TypeOf(schema);
    }

    private static string? TypeOf(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        if (schema.TryGetProperty("type", out JsonElement type))
        {
            if (type.ValueKind == JsonValueKind.String)
            {
                return type.GetString();
            }
            if (type.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement t in type.EnumerateArray())
                {
                    if (t.ValueKind == JsonValueKind.String && t.GetString() != "null")
                    {
                        return t.GetString();
                    }
                }
            }
        }
        foreach (string combinator in (string[])["anyOf", "oneOf"])
        {
            if (schema.TryGetProperty(combinator, out JsonElement options) && options.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement option in options.EnumerateArray())
                {
                    string? t = TypeOf(option);
                    if (t is not null && t != "null")
                    {
                        return t;
                    }
                }
            }
        }
        return null;
    }
}
