namespace Workbench.Engine.Templates.Jinja;

/// <summary>A function a template can call: a global (<c>raise_exception</c>, <c>strftime_now</c>,
/// <c>namespace</c>, <c>range</c>), a bound method (<c>s.split</c>), or a macro. Arguments arrive as evaluated
/// values: positional in order, keywords by name.</summary>
internal sealed class JinjaCallable(string name, Func<JinjaCall, object?> invoke)
{
    public string Name { get; } = name;

    public object? Invoke(JinjaCall call) => invoke(call);
}

/// <summary>The arguments of one call, with the call site for errors.</summary>
internal sealed class JinjaCall(List<object?> positional, Dictionary<string, object?> keywords, int line, int column)
{
    public List<object?> Positional { get; } = positional;
    public Dictionary<string, object?> Keywords { get; } = keywords;
    public int Line { get; } = line;
    public int Column { get; } = column;

    /// <summary>The argument at <paramref name="index"/> or named <paramref name="name"/>, else the fallback.</summary>
    public object? Arg(int index, string name, object? fallback = null) =>
        Keywords.TryGetValue(name, out var v) ? v : index < Positional.Count ? Positional[index] : fallback;

    public bool Has(int index, string name) => Keywords.ContainsKey(name) || index < Positional.Count;

    public JinjaException Error(string message) => new(message, Line, Column);
}
