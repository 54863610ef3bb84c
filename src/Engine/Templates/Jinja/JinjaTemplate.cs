using System.Text;
using System.Text.Json.Nodes;

namespace Workbench.Engine.Templates.Jinja;

/// <summary>A parsed Jinja template, rendered with jinja2's semantics in Hugging Face transformers' environment
/// (trim_blocks, lstrip_blocks, loopcontrols, Python value rules; see <see cref="JinjaLexer"/> and
/// <see cref="JinjaFilters"/> for the subset). Immutable after <see cref="Parse"/>, so one instance may render
/// on many threads at once.</summary>
/// <remarks>Chat templates are rendered through <see cref="HfChatTemplate"/>, which supplies transformers'
/// variables; this type is the interpreter underneath. Globals always present: <c>namespace(**kw)</c>,
/// <c>range(...)</c>, <c>raise_exception(msg)</c>; callers add more as <see cref="Func{T, TResult}"/>
/// functions.</remarks>
public sealed class JinjaTemplate
{
    private readonly List<JinjaNode> _nodes;

    private JinjaTemplate(List<JinjaNode> nodes) => _nodes = nodes;

    /// <summary>Parses <paramref name="source"/> (CRLF and CR read as LF; one trailing newline dropped, as jinja2).</summary>
    /// <exception cref="JinjaException">A syntax error, with its 1-based line and column.</exception>
    public static JinjaTemplate Parse(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new JinjaTemplate(JinjaParser.Parse(source));
    }

    /// <summary>Renders with <paramref name="variables"/> (JSON values become Python values: objects keep their
    /// key order, numbers with a fraction or exponent are floats) and <paramref name="functions"/> (callable
    /// globals taking positional string-or-value arguments; each receives the call's positional arguments
    /// converted to .NET: string, long, double, bool, null).</summary>
    /// <exception cref="JinjaException">A runtime error (an undefined value used, a type error, a call of
    /// <c>raise_exception</c>), with the line and column of the failing expression.</exception>
    public string Render(JsonObject variables, IReadOnlyDictionary<string, Func<IReadOnlyList<object?>, string>>? functions = null)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var globals = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in variables) globals[name] = JinjaJson.FromNode(value);
        if (functions is not null)
            foreach (var (name, f) in functions)
                globals[name] = new JinjaCallable(name, call => f(call.Positional));
        return Render(globals);
    }

    /// <summary>Renders with values already in the interpreter's model (<see cref="JinjaValues"/>).</summary>
    internal string Render(IReadOnlyDictionary<string, object?> globals)
    {
        var root = new JinjaScope(null);
        foreach (var (name, f) in Builtins()) root.Set(name, f);
        var scope = new JinjaScope(root);
        foreach (var (name, value) in globals) scope.Set(name, value);
        var output = new StringBuilder();
        new JinjaEvaluator().Render(_nodes, scope, output);
        return output.ToString();
    }

    private static IEnumerable<(string, JinjaCallable)> Builtins()
    {
        yield return ("namespace", new JinjaCallable("namespace", call =>
        {
            var ns = new JinjaNamespace();
            foreach (var arg in call.Positional)
                if (arg is JinjaDict d) foreach (var (k, v) in d) ns.Attributes[JinjaValues.Str(k)] = v;
            foreach (var (k, v) in call.Keywords) ns.Attributes[k] = v;
            return ns;
        }));
        yield return ("raise_exception", new JinjaCallable("raise_exception", call =>
            throw new JinjaException(JinjaValues.Str(call.Arg(0, "message", "")), call.Line, call.Column, raisedByTemplate: true)));
        yield return ("range", new JinjaCallable("range", call =>
        {
            var a = call.Positional.Select(x => x is long or bool ? JinjaValues.ToLong(x) : throw call.Error("range() takes integers")).ToList();
            long start = a.Count > 1 ? a[0] : 0, stop = a.Count > 1 ? a[1] : a.Count == 1 ? a[0] : 0, step = a.Count > 2 ? a[2] : 1;
            if (step == 0) throw call.Error("range() arg 3 must not be zero");
            var list = new List<object?>();
            for (long i = start; step > 0 ? i < stop : i > stop; i += step)
            {
                if (list.Count >= 100_000) throw call.Error("range() longer than 100000 items (the sandbox's limit)");
                list.Add(i);
            }
            return list;
        }));
    }
}
