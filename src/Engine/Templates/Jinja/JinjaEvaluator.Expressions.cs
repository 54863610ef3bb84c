namespace Workbench.Engine.Templates.Jinja;

internal sealed partial class JinjaEvaluator
{
    /// <summary>The value of <paramref name="expr"/>; a helper's <see cref="JinjaRuntimeError"/> becomes a
    /// <see cref="JinjaException"/> at this node.</summary>
    public object? Eval(Expr expr, JinjaScope scope)
    {
        try
        {
            return EvalCore(expr, scope);
        }
        catch (JinjaRuntimeError e)
        {
            throw new JinjaException(e.Message, expr.Line, expr.Column);
        }
    }

    private object? EvalCore(Expr expr, JinjaScope scope)
    {
        switch (expr)
        {
            case LiteralExpr l: return l.Value;
            case NameExpr n:
                return scope.TryGet(n.Name, out var v) ? v : new JinjaUndefined($"'{n.Name}' is undefined");
            case ListExpr l when l.IsTuple: return new JinjaTuple(l.Items.Select(i => Eval(i, scope)));
            case ListExpr l: return l.Items.Select(i => Eval(i, scope)).ToList();
            case DictExpr d:
                var dict = new JinjaDict();
                foreach (var (k, val) in d.Items)
                    dict[Eval(k, scope) ?? throw new JinjaRuntimeError("None as a dict key is not supported")] = Eval(val, scope);
                return dict;
            case AttributeExpr a: return GetAttribute(Eval(a.Target, scope), a.Name);
            case ItemExpr i: return GetItem(Eval(i.Target, scope), Eval(i.Key, scope));
            case SliceExpr s:
                return JinjaOperators.Slice(Eval(s.Target, scope), OptionalLong(s.Start, scope), OptionalLong(s.Stop, scope),
                    OptionalLong(s.Step, scope));
            case CallExpr c: return EvalCall(c, scope);
            case FilterExpr f:
                return JinjaFilters.Apply(this, f.Name, Eval(f.Value, scope), MakeCall(f.Args, f.Kwargs, scope, f));
            case TestExpr t:
                bool result = JinjaTests.Apply(t.Name, Eval(t.Value, scope), t.Args.Select(a => Eval(a, scope)).ToList());
                return t.Negated ? !result : result;
            case UnaryExpr u:
                var operand = Eval(u.Operand, scope);
                return u.Op == "not" ? !JinjaValues.IsTruthy(operand) : JinjaOperators.Unary(u.Op, operand);
            case BinaryExpr b: return EvalBinary(b, scope);
            case ConditionalExpr c:
                if (JinjaValues.IsTruthy(Eval(c.Test, scope))) return Eval(c.Then, scope);
                return c.Otherwise is null ? new JinjaUndefined("the conditional expression had no else") : Eval(c.Otherwise, scope);
            default:
                throw new JinjaRuntimeError($"cannot evaluate {expr.GetType().Name}");
        }
    }

    private long? OptionalLong(Expr? e, JinjaScope scope)
    {
        if (e is null) return null;
        var v = Eval(e, scope);
        return v switch
        {
            null => null,
            long or bool => JinjaValues.ToLong(v),
            _ => throw new JinjaRuntimeError($"slice indices must be integers or None, not {JinjaValues.TypeName(v)}"),
        };
    }

    private object? EvalBinary(BinaryExpr b, JinjaScope scope)
    {
        var left = Eval(b.Left, scope);
        switch (b.Op)
        {
            case "and": return JinjaValues.IsTruthy(left) ? Eval(b.Right, scope) : left;
            case "or": return JinjaValues.IsTruthy(left) ? left : Eval(b.Right, scope);
        }
        return JinjaOperators.Binary(b.Op, left, Eval(b.Right, scope));
    }

    private JinjaCall MakeCall(List<Expr> args, List<(string Name, Expr Value)> kwargs, JinjaScope scope, Expr at)
    {
        var keywords = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in kwargs) keywords[name] = Eval(value, scope);
        return new JinjaCall(args.Select(a => Eval(a, scope)).ToList(), keywords, at.Line, at.Column);
    }

    private object? EvalCall(CallExpr c, JinjaScope scope)
    {
        var callee = Eval(c.Callee, scope);
        var call = MakeCall(c.Args, c.Kwargs, scope, c);
        return callee switch
        {
            JinjaCallable f => f.Invoke(call),
            JinjaUndefined u => throw new JinjaRuntimeError(u.Message),
            _ => throw new JinjaRuntimeError($"'{JinjaValues.TypeName(callee)}' object is not callable"),
        };
    }

    /// <summary>jinja2's <c>getattr</c>: the Python attribute (a method) first, then the item; else undefined.
    /// Only an attribute of undefined is an error.</summary>
    public static object? GetAttribute(object? target, string name)
    {
        if (target is JinjaUndefined u) throw new JinjaRuntimeError(u.Message);
        if (JinjaMethods.TryBind(target, name, out var method)) return method;
        if (target is JinjaNamespace ns)
            return ns.Attributes.TryGetValue(name, out var a) ? a : Missing(target, name);
        if (target is JinjaDict d && d.TryGetValue(name, out var v)) return v;
        return Missing(target, name);
    }

    /// <summary>jinja2's <c>getitem</c>: the item first, then (for a string key) the attribute; else undefined.</summary>
    public static object? GetItem(object? target, object? key)
    {
        switch (target)
        {
            case JinjaUndefined u: throw new JinjaRuntimeError(u.Message);
            case JinjaDict d when key is not null && d.TryGetValue(key, out var v): return v;
            case List<object?> l when key is long or bool:
                long i = JinjaValues.ToLong(key);
                if (i < 0) i += l.Count;
                return i >= 0 && i < l.Count ? l[(int)i] : new JinjaUndefined($"list index {JinjaValues.Repr(key)} out of range");
            case string s when key is long or bool:
                var chars = JinjaValues.StringElements(s);
                long j = JinjaValues.ToLong(key);
                if (j < 0) j += chars.Count;
                return j >= 0 && j < chars.Count ? chars[(int)j] : new JinjaUndefined("string index out of range");
        }
        return key is string name ? GetAttribute(target, name) : Missing(target, JinjaValues.Repr(key));
    }

    private static JinjaUndefined Missing(object? target, string name) =>
        new($"'{JinjaValues.TypeName(target)} object' has no attribute '{name}'");
}
