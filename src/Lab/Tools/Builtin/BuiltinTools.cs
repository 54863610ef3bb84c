using System.Collections.Frozen;
using Microsoft.Extensions.AI;

namespace Workbench.Lab.Tools.Builtin;

/// <summary>
/// The built-in tools a lab can offer, by name: <c>get_weather</c> (<see cref="WeatherTool"/>), <c>get_time</c>
/// (<see cref="TimeTool"/>), <c>calculate</c> (<see cref="CalculatorTool"/>), <c>convert_units</c>
/// (<see cref="UnitConversionTool"/>) and <c>search_files</c> (<see cref="FileSearchTool"/> over the content
/// folder). A lab picks a subset with <see cref="Select"/>. The tools are stateless and safe to share.
/// </summary>
public sealed class BuiltinTools
{
    private readonly FrozenDictionary<string, AIFunction> byName;

    /// <summary>Creates the set.</summary>
    /// <param name="searchRoot">The folder <c>search_files</c> searches (the lab content folder).</param>
    /// <param name="clock">The clock of <c>get_time</c>; null = <see cref="TimeProvider.System"/>.</param>
    public BuiltinTools(string searchRoot, TimeProvider? clock = null)
    {
        All = [new WeatherTool(), new TimeTool(clock), new CalculatorTool(), new UnitConversionTool(), new FileSearchTool(searchRoot)];
        byName = All.ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>The tool names, in <see cref="All"/>'s order.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [WeatherTool.ToolName, TimeTool.ToolName, CalculatorTool.ToolName, UnitConversionTool.ToolName, FileSearchTool.ToolName];

    /// <summary>Every built-in tool.</summary>
    public IReadOnlyList<AIFunction> All { get; }

    /// <summary>The tool named <paramref name="name"/>, or null.</summary>
    public AIFunction? Find(string name) => byName.GetValueOrDefault(name);

    /// <summary>The named tools, in the order given.</summary>
    /// <param name="names">Tool names from <see cref="Names"/>.</param>
    /// <exception cref="ArgumentException">A name is not a built-in tool (the message lists the known ones).</exception>
    public IReadOnlyList<AIFunction> Select(IEnumerable<string> names) =>
        names.Select(n => Find(n) ?? throw new ArgumentException(
            $"'{n}' is not a built-in tool. Known tools: {string.Join(", ", Names)}.", nameof(names))).ToList();
}
