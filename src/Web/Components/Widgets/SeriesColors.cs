namespace Workbench.Web.Components.Widgets;

/// <summary>The colours of chart series, by series index, shared by a chart's series and its <see cref="ChartLegend"/>.
/// The widgets draw their own legend because Radzen 12's <c>RadzenLegend</c> renders an invalid
/// <c>aria-disabled</c> value (axe-core rule <c>aria-valid-attr-value</c>, critical).</summary>
public static class SeriesColors
{
    private static readonly string[] Palette = ["#4340d2", "#c2185b", "#00796b", "#e65100", "#5d4037", "#0277bd"];

    /// <summary>The colour of series <paramref name="index"/> (0-based; the palette repeats after six).</summary>
    /// <param name="index">The series index, ≥ 0.</param>
    public static string Of(int index) => Palette[Math.Abs(index) % Palette.Length];
}
