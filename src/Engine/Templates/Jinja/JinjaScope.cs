namespace Workbench.Engine.Templates.Jinja;

/// <summary>A frame of variables. The template, each <c>for</c> loop and each macro call has one (so a
/// <c>set</c> inside a loop does not leak out, hence <c>namespace()</c>); <c>if</c> does not.</summary>
internal sealed class JinjaScope(JinjaScope? parent)
{
    private readonly Dictionary<string, object?> _vars = new(StringComparer.Ordinal);

    public JinjaScope? Parent { get; } = parent;

    public bool TryGet(string name, out object? value)
    {
        for (var s = this; s is not null; s = s.Parent)
            if (s._vars.TryGetValue(name, out value)) return true;
        value = null;
        return false;
    }

    public void Set(string name, object? value) => _vars[name] = value;
}
