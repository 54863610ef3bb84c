using System.Text;

namespace Workbench.Engine.Templates.Jinja;

/// <summary>Walks the syntax tree: statements write to the output, expressions evaluate to values with Python's
/// semantics (<see cref="JinjaValues"/>). Filters, tests and methods live in <see cref="JinjaFilters"/>,
/// <see cref="JinjaTests"/> and <see cref="JinjaMethods"/>; operators in <see cref="JinjaOperators"/>.</summary>
internal sealed partial class JinjaEvaluator
{
    private enum Flow { Normal, Break, Continue }

    private const int MaxDepth = 200; // macro recursion (Hermes' json_to_python_type is recursive)
    private int _depth;

    /// <summary>Statements one rendering may execute: real chat templates take thousands for a long conversation, a
    /// template sent in a request (<c>/apply-template</c>'s <c>chat_template</c>) must not spin the worker forever.</summary>
    internal const int MaxSteps = 1_000_000;

    /// <summary>Characters one rendering may write (and one string repetition may build), far above any prompt a
    /// context window holds; past it the rendering stops instead of running the worker out of memory.</summary>
    internal const int MaxOutputChars = 16 * 1024 * 1024;

    private int _steps;

    public void Render(List<JinjaNode> nodes, JinjaScope scope, StringBuilder output)
    {
        if (RenderBody(nodes, scope, output) != Flow.Normal)
            throw new JinjaException("'break' or 'continue' outside a loop", 1, 1);
    }

    private Flow RenderBody(List<JinjaNode> nodes, JinjaScope scope, StringBuilder output)
    {
        foreach (var node in nodes)
        {
            var flow = RenderNode(node, scope, output);
            if (flow != Flow.Normal) return flow;
        }
        return Flow.Normal;
    }

    private Flow RenderNode(JinjaNode node, JinjaScope scope, StringBuilder output)
    {
        if (++_steps > MaxSteps)
            throw new JinjaException($"the template ran more than {MaxSteps:N0} steps (a loop that does not end?)", node.Line, node.Column);
        if (output.Length > MaxOutputChars)
            throw new JinjaException($"the template wrote more than {MaxOutputChars:N0} characters", node.Line, node.Column);
        switch (node)
        {
            case TextNode t: output.Append(t.Text); return Flow.Normal;
            case OutputNode o: output.Append(JinjaValues.Str(Eval(o.Value, scope))); return Flow.Normal;
            case IfNode i:
                return RenderBody(JinjaValues.IsTruthy(Eval(i.Test, scope)) ? i.Then : i.Else, scope, output);
            case ForNode f: RenderFor(f, scope, output); return Flow.Normal;
            case SetNode s: RenderSet(s, scope); return Flow.Normal;
            case MacroNode m: scope.Set(m.Name, MakeMacro(m, scope)); return Flow.Normal;
            case LoopControlNode l: return l.IsBreak ? Flow.Break : Flow.Continue;
            case ScopeNode b: return RenderBody(b.Body, scope, output);
            default: throw new JinjaException($"cannot render {node.GetType().Name}", node.Line, node.Column);
        }
    }

    private void RenderFor(ForNode f, JinjaScope scope, StringBuilder output)
    {
        var source = Eval(f.Iterable, scope);
        var items = JinjaValues.Iterate(source)?.ToList()
            ?? throw new JinjaException($"'{JinjaValues.TypeName(source)}' object is not iterable", f.Iterable.Line, f.Iterable.Column);
        var loopScope = new JinjaScope(scope);
        if (f.Filter is not null)
        {
            items = items.Where(item =>
            {
                BindTargets(f, loopScope, item);
                return JinjaValues.IsTruthy(Eval(f.Filter, loopScope));
            }).ToList();
        }
        if (items.Count == 0) { RenderBody(f.Empty, scope, output); return; }
        for (int i = 0; i < items.Count; i++)
        {
            BindTargets(f, loopScope, items[i]);
            loopScope.Set("loop", MakeLoop(items, i));
            if (RenderBody(f.Body, loopScope, output) == Flow.Break) break;
        }
    }

    private static void BindTargets(ForNode f, JinjaScope scope, object? item)
    {
        if (f.Targets.Count == 1) { scope.Set(f.Targets[0], item); return; }
        var parts = JinjaValues.Iterate(item)?.ToList();
        if (parts is null || parts.Count != f.Targets.Count)
            throw new JinjaException($"cannot unpack {JinjaValues.TypeName(item)} into {f.Targets.Count} names", f.Line, f.Column);
        for (int k = 0; k < parts.Count; k++) scope.Set(f.Targets[k], parts[k]);
    }

    /// <summary>jinja2's <c>loop</c>: index (1-based), index0, revindex, revindex0, first, last, length,
    /// previtem/nextitem (undefined at the ends), depth, cycle(...).</summary>
    private static JinjaDict MakeLoop(List<object?> items, int i) => new()
    {
        ["index"] = (long)(i + 1),
        ["index0"] = (long)i,
        ["revindex"] = (long)(items.Count - i),
        ["revindex0"] = (long)(items.Count - i - 1),
        ["first"] = i == 0,
        ["last"] = i == items.Count - 1,
        ["length"] = (long)items.Count,
        ["previtem"] = i > 0 ? items[i - 1] : new JinjaUndefined("there is no previous item"),
        ["nextitem"] = i < items.Count - 1 ? items[i + 1] : new JinjaUndefined("there is no next item"),
        ["depth"] = 1L,
        ["depth0"] = 0L,
        ["cycle"] = new JinjaCallable("loop.cycle", call =>
            call.Positional.Count == 0 ? throw call.Error("no items for cycling given") : call.Positional[i % call.Positional.Count]),
    };

    private void RenderSet(SetNode s, JinjaScope scope)
    {
        object? value;
        if (s.Value is not null) value = Eval(s.Value, scope);
        else
        {
            var sb = new StringBuilder();
            RenderBody(s.Body!, scope, sb);
            value = sb.ToString();
        }
        if (s.Attribute is not null)
        {
            if (!scope.TryGet(s.Targets[0], out var target) || target is not JinjaNamespace ns)
                throw new JinjaException($"cannot assign attribute '{s.Attribute}' on non-namespace object '{s.Targets[0]}'", s.Line, s.Column);
            ns.Attributes[s.Attribute] = value;
            return;
        }
        if (s.Targets.Count == 1) { scope.Set(s.Targets[0], value); return; }
        var parts = JinjaValues.Iterate(value)?.ToList();
        if (parts is null || parts.Count != s.Targets.Count)
            throw new JinjaException($"cannot unpack {JinjaValues.TypeName(value)} into {s.Targets.Count} names", s.Line, s.Column);
        for (int k = 0; k < parts.Count; k++) scope.Set(s.Targets[k], parts[k]);
    }

    private JinjaCallable MakeMacro(MacroNode m, JinjaScope definitionScope) => new(m.Name, call =>
    {
        if (++_depth > MaxDepth) throw call.Error($"macro '{m.Name}' recursed deeper than {MaxDepth} calls");
        try
        {
            var scope = new JinjaScope(definitionScope);
            for (int k = 0; k < m.Parameters.Count; k++)
            {
                var (name, fallback) = m.Parameters[k];
                object? value = call.Keywords.TryGetValue(name, out var kw) ? kw
                    : k < call.Positional.Count ? call.Positional[k]
                    : fallback is not null ? Eval(fallback, scope)
                    : new JinjaUndefined($"'{name}' is undefined");
                scope.Set(name, value);
            }
            scope.Set("varargs", call.Positional.Skip(m.Parameters.Count).ToList());
            var output = new StringBuilder();
            RenderBody(m.Body, scope, output);
            return output.ToString();
        }
        finally { _depth--; }
    });
}
