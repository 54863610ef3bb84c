using System.Globalization;

namespace Workbench.Engine.Gguf;

/// <summary>
/// One metadata value of a GGUF file. <see cref="Value"/> holds the .NET value: <c>byte</c>, <c>sbyte</c>,
/// <c>ushort</c>, <c>short</c>, <c>uint</c>, <c>int</c>, <c>float</c>, <c>bool</c>, <c>string</c>, <c>ulong</c>,
/// <c>long</c> or <c>double</c> for scalars, and for <see cref="GgufValueType.Array"/> a typed array of those
/// (<c>int[]</c>, <c>string[]</c>, …) with <see cref="ElementType"/> set.
/// </summary>
/// <param name="Type">The stored type tag.</param>
/// <param name="Value">The value (never null).</param>
/// <param name="ElementType">The element type of an array; null for scalars.</param>
public sealed record GgufValue(GgufValueType Type, object Value, GgufValueType? ElementType = null)
{
    /// <summary>Number of elements of an array value; 1 for a scalar.</summary>
    public int Count => Value is Array array ? array.Length : 1;

    /// <summary>The value as an unsigned 64-bit integer, for any integer type holding a value ≥ 0; else null.</summary>
    public ulong? AsUInt64() => Value switch
    {
        byte v => v,
        ushort v => v,
        uint v => v,
        ulong v => v,
        sbyte v when v >= 0 => (ulong)v,
        short v when v >= 0 => (ulong)v,
        int v when v >= 0 => (ulong)v,
        long v when v >= 0 => (ulong)v,
        _ => null,
    };

    /// <summary>The value as a double, for any numeric scalar; else null.</summary>
    public double? AsDouble() => Value switch
    {
        float v => v,
        double v => v,
        bool => null,
        string or Array => null,
        IConvertible c => c.ToDouble(CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>A short display form: scalars as invariant text, arrays as "[type × n]" with their first items.</summary>
    public override string ToString() => Value switch
    {
        string s => s,
        Array a => $"[{ElementType} × {a.Length}] " + string.Join(", ", a.Cast<object>().Take(8).Select(Format)) + (a.Length > 8 ? ", …" : ""),
        _ => Format(Value),
    };

    private static string Format(object value) =>
        value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value.ToString() ?? "";
}
