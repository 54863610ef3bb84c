namespace Workbench.Engine.Templates.Jinja;

/// <summary>jinja2's tests (<c>x is name</c>), with Python's type rules: a string is iterable and a sequence;
/// <c>none</c> and undefined differ; booleans are numbers; <c>boolean</c>/<c>true</c>/<c>false</c> are identity
/// tests. Names: defined undefined none string mapping iterable sequence boolean true false number integer float
/// callable in equalto eq == ne != lt &lt; le &lt;= gt &gt; ge &gt;= greaterthan lessthan odd even divisibleby
/// sameas lower upper escaped.</summary>
internal static class JinjaTests
{
    public static bool IsKnown(string name) => name is "defined" or "undefined" or "none" or "string" or "mapping" or "iterable"
        or "sequence" or "boolean" or "true" or "false" or "number" or "integer" or "float" or "callable" or "in" or "equalto"
        or "eq" or "==" or "ne" or "!=" or "lt" or "<" or "le" or "<=" or "gt" or ">" or "ge" or ">=" or "greaterthan"
        or "lessthan" or "odd" or "even" or "divisibleby" or "sameas" or "lower" or "upper" or "escaped";

    /// <exception cref="JinjaRuntimeError">An unknown test, or arguments the test cannot take.</exception>
    public static bool Apply(string name, object? v, List<object?> args)
    {
        object? Arg() => args.Count > 0 ? args[0] : throw new JinjaRuntimeError($"test '{name}' needs an argument");
        int Cmp() => JinjaValues.Compare(v, Arg())
            ?? throw new JinjaRuntimeError($"cannot compare '{JinjaValues.TypeName(v)}' with '{JinjaValues.TypeName(args[0])}'");
        return name switch
        {
            "defined" => v is not JinjaUndefined,
            "undefined" => v is JinjaUndefined,
            "none" => v is null,
            "string" => v is string,
            "mapping" => v is JinjaDict,
            "iterable" => v is string or List<object?> or JinjaDict or JinjaUndefined,
            "sequence" => v is string or List<object?> or JinjaDict or JinjaUndefined,
            "boolean" => v is bool,
            "true" => v is true,
            "false" => v is false,
            "number" => v is long or double or bool,
            "integer" => v is long,
            "float" => v is double,
            "callable" => v is JinjaCallable,
            "in" => JinjaOperators.Contains(Arg(), v),
            "equalto" or "eq" or "==" => JinjaValues.PyEquals(v, Arg()),
            "ne" or "!=" => !JinjaValues.PyEquals(v, Arg()),
            "lt" or "<" or "lessthan" => Cmp() < 0,
            "le" or "<=" => Cmp() <= 0,
            "gt" or ">" or "greaterthan" => Cmp() > 0,
            "ge" or ">=" => Cmp() >= 0,
            "odd" => v is long l1 && Math.Abs(l1 % 2) == 1,
            "even" => v is long l2 && l2 % 2 == 0,
            "divisibleby" => v is long l3 && Arg() is long d && d != 0 && l3 % d == 0,
            "sameas" => ReferenceEquals(v, Arg()) || (v is null && args[0] is null) || (v is bool b && args[0] is bool c && b == c),
            "lower" => v is string s1 && s1 == s1.ToLowerInvariant(),
            "upper" => v is string s2 && s2 == s2.ToUpperInvariant(),
            "escaped" => false,
            _ => throw new JinjaRuntimeError($"unknown test '{name}'"),
        };
    }
}
