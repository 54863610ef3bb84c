using System.Text;
using System.Text.Json;

namespace Workbench.Web.Components.Widgets.Structured;

/// <summary>The C# types of a schema's nodes (see <see cref="CSharpTypeWriter"/>); records are collected in the
/// order first met, one per object schema or <c>$defs</c> entry.</summary>
/// <param name="root">The whole schema (for local <c>$ref</c>).</param>
internal sealed class CSharpTypeModel(JsonElement root)
{
    private readonly Dictionary<string, CSharpRecord> _byRef = new(StringComparer.Ordinal);
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>The records, root first.</summary>
    public List<CSharpRecord> Records { get; } = [];

    /// <summary>The type of <paramref name="schema"/>; an object schema becomes a record named
    /// <paramref name="suggestedName"/> (made unique).</summary>
    public CSharpType TypeOf(JsonElement schema, string suggestedName)
    {
        if (schema.ValueKind != JsonValueKind.Object) return CSharpType.Any;
        if (schema.TryGetProperty("$ref", out var reference) && reference.ValueKind == JsonValueKind.String) return RefType(reference.GetString()!);
        foreach (var combinator in new[] { "anyOf", "oneOf" })
        {
            if (!schema.TryGetProperty(combinator, out var options) || options.ValueKind != JsonValueKind.Array) continue;
            var branches = options.EnumerateArray().ToList();
            var nonNull = branches.Where(b => !IsNullSchema(b)).ToList();
            return nonNull.Count == 1 && branches.Count == 2 ? TypeOf(nonNull[0], suggestedName).Nullable() : CSharpType.Any;
        }
        if (schema.TryGetProperty("const", out var constant)) return ScalarOfValues([constant]);
        if (schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array) return ScalarOfValues([.. values.EnumerateArray()]);
        if (schema.TryGetProperty("type", out var type))
        {
            if (type.ValueKind == JsonValueKind.String) return Typed(type.GetString()!, schema, suggestedName);
            if (type.ValueKind == JsonValueKind.Array)
            {
                var names = type.EnumerateArray().Select(t => t.GetString()).ToList();
                var others = names.Where(n => n != "null").ToList();
                if (others.Count == 1) return names.Contains("null") ? Typed(others[0]!, schema, suggestedName).Nullable() : Typed(others[0]!, schema, suggestedName);
                return CSharpType.Any;
            }
        }
        return schema.TryGetProperty("properties", out _) ? Typed("object", schema, suggestedName) : CSharpType.Any;
    }

    /// <summary>PascalCase of a JSON name, for a C# identifier (<c>first_name</c> → <c>FirstName</c>).</summary>
    public static string Pascal(string name)
    {
        var text = new StringBuilder();
        foreach (var part in System.Text.RegularExpressions.Regex.Split(name, "[^\\p{L}\\p{Nd}]+"))
        {
            if (part.Length == 0) continue;
            text.Append(char.ToUpperInvariant(part[0])).Append(part[1..]);
        }
        if (text.Length == 0) return "Value";
        return char.IsDigit(text[0]) ? "_" + text : text.ToString();
    }

    private CSharpType Typed(string type, JsonElement schema, string suggestedName) => type switch
    {
        "string" => new(CSharpTypeKind.Scalar, (schema.TryGetProperty("format", out var format) ? format.GetString() : null) switch
        {
            "date" => "DateOnly",
            "date-time" => "DateTimeOffset",
            "uuid" => "Guid",
            _ => "string",
        }),
        "integer" => new(CSharpTypeKind.Scalar, "long"),
        "number" => new(CSharpTypeKind.Scalar, "double"),
        "boolean" => new(CSharpTypeKind.Scalar, "bool"),
        "null" => new(CSharpTypeKind.Scalar, "object?"),
        "array" => List(schema.TryGetProperty("items", out var items) ? TypeOf(items, suggestedName + "Item") : CSharpType.Any),
        "object" when schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
            => new(CSharpTypeKind.Record, "", Record: NewRecord(suggestedName, schema, properties)),
        _ => CSharpType.Any,
    };

    private static CSharpType List(CSharpType element) => new(CSharpTypeKind.List, $"IReadOnlyList<{element.Name}>", Element: element);

    private CSharpRecord NewRecord(string suggestedName, JsonElement schema, JsonElement properties)
    {
        var name = suggestedName;
        for (var i = 2; !_names.Add(name); i++) name = suggestedName + i;
        var record = new CSharpRecord(name);
        Records.Add(record);
        var required = schema.TryGetProperty("required", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(r => r.GetString()).ToHashSet(StringComparer.Ordinal) : [];
        foreach (var property in properties.EnumerateObject())
        {
            var member = Pascal(property.Name);
            if (member == name) member += "Value";
            record.Properties.Add(new(property.Name, member, TypeOf(property.Value, member), required.Contains(property.Name)));
        }
        return record;
    }

    private CSharpType RefType(string reference)
    {
        var prefix = reference.StartsWith("#/$defs/", StringComparison.Ordinal) ? "#/$defs/" : reference.StartsWith("#/definitions/", StringComparison.Ordinal) ? "#/definitions/" : null;
        if (prefix is null) return CSharpType.Any;
        var key = reference[prefix.Length..];
        if (!root.TryGetProperty(prefix[2..^1], out var defs) || !defs.TryGetProperty(key, out var target)) return CSharpType.Any;
        if (_byRef.TryGetValue(reference, out var known)) return new(CSharpTypeKind.Record, "", Record: known);
        var type = TypeOf(target, Pascal(key));
        if (type.Record is not null) _byRef[reference] = type.Record;
        return type;
    }

    private static bool IsNullSchema(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "null";

    private static CSharpType ScalarOfValues(IReadOnlyList<JsonElement> values)
    {
        var kinds = values.Select(v => v.ValueKind).Distinct().ToList();
        return kinds switch
        {
            [JsonValueKind.String] => new(CSharpTypeKind.Scalar, "string"),
            [JsonValueKind.Number] => new(CSharpTypeKind.Scalar, "double"),
            [JsonValueKind.True or JsonValueKind.False] or [JsonValueKind.True, JsonValueKind.False] or [JsonValueKind.False, JsonValueKind.True] => new(CSharpTypeKind.Scalar, "bool"),
            _ => CSharpType.Any,
        };
    }
}

/// <summary>What a <see cref="CSharpType"/> is.</summary>
internal enum CSharpTypeKind { Scalar, List, Record, Any }

/// <summary>A C# type of a schema node.</summary>
internal sealed record CSharpType(CSharpTypeKind Kind, string TypeName, CSharpType? Element = null, CSharpRecord? Record = null, bool IsNullable = false)
{
    /// <summary>JsonElement: the fallback.</summary>
    public static CSharpType Any { get; } = new(CSharpTypeKind.Any, "JsonElement");

    /// <summary>The C# spelling.</summary>
    public string Name => (Record?.Name ?? TypeName) is var name && IsNullable && !name.EndsWith('?') ? name + "?" : Record?.Name ?? TypeName;

    /// <summary>This type, nullable.</summary>
    public CSharpType Nullable() => this with { IsNullable = true };
}

/// <summary>A record declaration.</summary>
internal sealed record CSharpRecord(string Name)
{
    /// <summary>Its properties in schema order.</summary>
    public List<CSharpProperty> Properties { get; } = [];
}

/// <summary>A record property.</summary>
internal sealed record CSharpProperty(string JsonName, string Name, CSharpType Type, bool Required);
