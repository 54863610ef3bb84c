namespace Workbench.Engine.Templates.Jinja;

/// <summary>The object <c>namespace(a=1)</c> makes: the one value a template may change across scopes, through
/// <c>{% set ns.a = … %}</c>.</summary>
internal sealed class JinjaNamespace
{
    public Dictionary<string, object?> Attributes { get; } = new(StringComparer.Ordinal);
}
