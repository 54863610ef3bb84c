using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workbench.Engine.Templates.Jinja;

/// <summary>JSON in and out of the value model. In: a JSON number with a fraction or exponent is a float, else an
/// int (as Python's <c>json.loads</c>). Out: <c>tojson</c> as transformers defines it, Python's
/// <c>json.dumps(x, ensure_ascii=False, indent=indent)</c> — separators <c>", "</c> and <c>": "</c> (<c>","</c>
/// between items when indented), keys in insertion order, no HTML escaping, non-ASCII kept.</summary>
internal static class JinjaJson
{
    public static object? FromNode(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => FromObject(o),
        JsonArray a => a.Select(FromNode).ToList(),
        JsonValue v => FromValue(v),
        _ => throw new ArgumentException("unsupported JSON node", nameof(node)),
    };

    private static object? FromValue(JsonValue v)
    {
        if (v.TryGetValue<JsonElement>(out var element)) return FromElement(element);
        switch (v.GetValueKind())
        {
            case JsonValueKind.String: return v.GetValue<string>();
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            case JsonValueKind.Null: return null;
            default:
                using (var doc = JsonDocument.Parse(v.ToJsonString())) return FromElement(doc.RootElement); // a number: keep int vs float
        }
    }

    private static JinjaDict FromObject(JsonObject o)
    {
        var d = new JinjaDict();
        foreach (var (k, v) in o) d[k] = FromNode(v);
        return d;
    }

    public static object? FromElement(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var d = new JinjaDict();
                foreach (var p in e.EnumerateObject()) d[p.Name] = FromElement(p.Value);
                return d;
            case JsonValueKind.Array: return e.EnumerateArray().Select(FromElement).ToList();
            case JsonValueKind.String: return e.GetString();
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            case JsonValueKind.Number:
                string raw = e.GetRawText();
                if (raw.IndexOfAny(['.', 'e', 'E']) < 0 && e.TryGetInt64(out long l)) return l;
                return e.GetDouble();
            default: return null;
        }
    }

    /// <summary>Python's <c>json.dumps(value, ensure_ascii=False, indent=indent)</c>; <paramref name="indent"/>
    /// null is the one-line form.</summary>
    /// <exception cref="InvalidOperationException">A value JSON cannot hold (undefined, a macro, a namespace).</exception>
    public static string Dumps(object? value, string? indent, bool sortKeys = false)
    {
        var sb = new StringBuilder();
        Write(sb, value, indent, 0, sortKeys);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, object? v, string? indent, int depth, bool sortKeys)
    {
        switch (v)
        {
            case null: sb.Append("null"); break;
            case bool b: sb.Append(b ? "true" : "false"); break;
            case long l: sb.Append(l.ToString(CultureInfo.InvariantCulture)); break;
            case double d:
                sb.Append(double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity"
                    : double.IsNegativeInfinity(d) ? "-Infinity" : JinjaValues.FormatFloat(d));
                break;
            case string s: WriteString(sb, s); break;
            case List<object?> list:
                WriteContainer(sb, '[', ']', list.Count, indent, depth, i => Write(sb, list[i], indent, depth + 1, sortKeys));
                break;
            case JinjaDict dict:
                var pairs = dict.ToList();
                if (sortKeys) pairs.Sort((x, y) => JinjaValues.Compare(x.Key, y.Key) ?? 0);
                WriteContainer(sb, '{', '}', pairs.Count, indent, depth, i =>
                {
                    WriteString(sb, KeyText(pairs[i].Key));
                    sb.Append(": ");
                    Write(sb, pairs[i].Value, indent, depth + 1, sortKeys);
                });
                break;
            default:
                throw new InvalidOperationException($"Object of type {JinjaValues.TypeName(v)} is not JSON serializable");
        }
    }

    private static string KeyText(object key) => key switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        double d => JinjaValues.FormatFloat(d),
        _ => JinjaValues.Repr(key),
    };

    private static void WriteContainer(StringBuilder sb, char open, char close, int count, string? indent, int depth,
        Action<int> writeItem)
    {
        sb.Append(open);
        if (count == 0) { sb.Append(close); return; }
        for (int i = 0; i < count; i++)
        {
            if (indent is null) { if (i > 0) sb.Append(", "); }
            else
            {
                if (i > 0) sb.Append(',');
                sb.Append('\n');
                for (int k = 0; k <= depth; k++) sb.Append(indent);
            }
            writeItem(i);
        }
        if (indent is not null)
        {
            sb.Append('\n');
            for (int k = 0; k < depth; k++) sb.Append(indent);
        }
        sb.Append(close);
    }

    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }
}
