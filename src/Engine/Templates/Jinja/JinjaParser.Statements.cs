namespace Workbench.Engine.Templates.Jinja;

/// <summary>The statements: <c>if/elif/else</c>, <c>for … in … [if …]</c> with <c>else</c>, <c>set</c> (also
/// <c>ns.attr</c>, unpacking and the block form), <c>macro</c>, <c>break</c>/<c>continue</c>, <c>generation</c>.</summary>
internal sealed partial class JinjaParser
{
    private JinjaNode ParseStatement()
    {
        var kw = Current;
        if (kw.Kind != JinjaTokenKind.Name) throw Error($"expected a statement keyword, got {kw}");
        Next();
        switch (kw.Value)
        {
            case "if": return ParseIf(kw);
            case "for": return ParseFor(kw);
            case "set": return ParseSet(kw);
            case "macro": return ParseMacro(kw);
            case "break" or "continue":
                Expect(JinjaTokenKind.BlockEnd);
                return new LoopControlNode(kw.Value == "break", kw.Line, kw.Column);
            case "generation":
                Expect(JinjaTokenKind.BlockEnd);
                var body = ParseBody(["endgeneration"]);
                EndTag("endgeneration");
                return new ScopeNode(body, kw.Line, kw.Column);
            default:
                throw Error($"unknown statement '{kw.Value}'", kw);
        }
    }

    /// <summary>Consumes <c>{% keyword %}</c>.</summary>
    private void EndTag(string keyword)
    {
        Expect(JinjaTokenKind.BlockBegin);
        Expect(JinjaTokenKind.Name, keyword);
        Expect(JinjaTokenKind.BlockEnd);
    }

    private IfNode ParseIf(JinjaToken at)
    {
        var test = ParseExpression();
        Expect(JinjaTokenKind.BlockEnd);
        var then = ParseBody(["elif", "else", "endif"]);
        Expect(JinjaTokenKind.BlockBegin);
        var kw = Next();
        List<JinjaNode> otherwise = [];
        if (kw.Value == "elif") otherwise.Add(ParseIf(kw));
        else if (kw.Value == "else")
        {
            Expect(JinjaTokenKind.BlockEnd);
            otherwise = ParseBody(["endif"]);
            EndTag("endif");
        }
        else Expect(JinjaTokenKind.BlockEnd);
        return new IfNode(test, then, otherwise, at.Line, at.Column);
    }

    private ForNode ParseFor(JinjaToken at)
    {
        var targets = new List<string> { ExpectName() };
        while (SkipOp(",")) targets.Add(ExpectName());
        Expect(JinjaTokenKind.Name, "in");
        var iterable = ParseOr(); // jinja2 parses the iterable without the conditional, so `if` starts the filter
        Expr? filter = SkipName("if") ? ParseExpression() : null;
        if (Current.IsName("recursive")) throw Error("recursive loops are not supported");
        Expect(JinjaTokenKind.BlockEnd);
        var body = ParseBody(["else", "endfor"]);
        List<JinjaNode> empty = [];
        Expect(JinjaTokenKind.BlockBegin);
        if (Next().Value == "else")
        {
            Expect(JinjaTokenKind.BlockEnd);
            empty = ParseBody(["endfor"]);
            EndTag("endfor");
        }
        else Expect(JinjaTokenKind.BlockEnd);
        return new ForNode(targets, iterable, filter, body, empty, at.Line, at.Column);
    }

    private SetNode ParseSet(JinjaToken at)
    {
        var targets = new List<string> { ExpectName() };
        string? attribute = null;
        if (SkipOp(".")) attribute = ExpectName();
        else while (SkipOp(",")) targets.Add(ExpectName());
        if (SkipOp("="))
        {
            var value = ParseTupleOrExpression();
            Expect(JinjaTokenKind.BlockEnd);
            return new SetNode(targets, attribute, value, null, at.Line, at.Column);
        }
        Expect(JinjaTokenKind.BlockEnd);
        var body = ParseBody(["endset"]);
        EndTag("endset");
        return new SetNode(targets, attribute, null, body, at.Line, at.Column);
    }

    private MacroNode ParseMacro(JinjaToken at)
    {
        string name = ExpectName();
        var parameters = new List<(string, Expr?)>();
        Expect(JinjaTokenKind.Operator, "(");
        while (!SkipOp(")"))
        {
            if (parameters.Count > 0) Expect(JinjaTokenKind.Operator, ",");
            if (SkipOp(")")) break;
            string p = ExpectName();
            parameters.Add((p, SkipOp("=") ? ParseExpression() : null));
        }
        Expect(JinjaTokenKind.BlockEnd);
        var body = ParseBody(["endmacro"]);
        Expect(JinjaTokenKind.BlockBegin);
        Expect(JinjaTokenKind.Name, "endmacro");
        if (Current.Kind == JinjaTokenKind.Name) Next(); // {% endmacro name %}
        Expect(JinjaTokenKind.BlockEnd);
        return new MacroNode(name, parameters, body, at.Line, at.Column);
    }
}
