using System.Globalization;

namespace Workbench.Web.Components.Widgets;

/// <summary>Reads a widget block's options (YAML scalars as strings, see <c>WidgetBlock.Options</c>).</summary>
public static class WidgetOptions
{
    /// <summary>The option's text, or <paramref name="fallback"/> when absent.</summary>
    /// <param name="options">The block's options (may be null).</param>
    /// <param name="name">The option name, for example <c>system</c>.</param>
    /// <param name="fallback">The default.</param>
    public static string Text(IReadOnlyDictionary<string, string>? options, string name, string fallback = "") =>
        options is not null && options.TryGetValue(name, out var value) ? value : fallback;

    /// <summary>The option as an integer (invariant culture), or <paramref name="fallback"/> when absent or not a number.</summary>
    /// <param name="options">The block's options (may be null).</param>
    /// <param name="name">The option name, for example <c>max_tokens</c>.</param>
    /// <param name="fallback">The default.</param>
    public static long? Number(IReadOnlyDictionary<string, string>? options, string name, long? fallback = null) =>
        options is not null && options.TryGetValue(name, out var value)
            && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : fallback;
}
