using System.Globalization;

namespace Workbench.Engine.Templates.Jinja;

/// <summary>Builds the syntax tree from <see cref="JinjaLexer"/>'s tokens, with jinja2's grammar and precedence
/// (lowest first): <c>a if c else b</c>, <c>or</c>, <c>and</c>, <c>not</c>, comparisons and <c>in</c>,
/// <c>+ -</c>, <c>~</c>, <c>* / // %</c>, <c>**</c>, unary <c>- +</c>, then primaries with postfix
/// <c>.attr [key] [a:b:c] (args)</c> and the filter/test chain <c>| f</c>, <c>is t</c>.</summary>
internal sealed partial class JinjaParser
{
    private readonly List<JinjaToken> _tokens;
    private int _i;

    private JinjaParser(List<JinjaToken> tokens) => _tokens = tokens;

    /// <summary>The statements of the template <paramref name="source"/>.</summary>
    /// <exception cref="JinjaException">A syntax error, at its token.</exception>
    public static List<JinjaNode> Parse(string source)
    {
        var parser = new JinjaParser(JinjaLexer.Tokenize(source));
        var body = parser.ParseBody([]);
        if (parser.Current.Kind != JinjaTokenKind.EndOfFile) throw parser.Error($"unexpected {parser.Peek(1)}");
        return body;
    }

    private JinjaToken Current => _tokens[_i];

    private JinjaToken Peek(int k) => _tokens[Math.Min(_i + k, _tokens.Count - 1)];

    private JinjaToken Next() => _tokens[_i++];

    private JinjaException Error(string message, JinjaToken? at = null)
    {
        var t = at ?? Current;
        return new JinjaException(message, t.Line, t.Column);
    }

    private JinjaToken Expect(JinjaTokenKind kind, string? value = null)
    {
        var t = Current;
        if (t.Kind != kind || (value is not null && t.Value != value))
            throw Error($"expected {(value is null ? kind.ToString().ToLowerInvariant() : $"'{value}'")}, got {t}");
        return Next();
    }

    private string ExpectName() => Expect(JinjaTokenKind.Name).Value;

    private bool SkipOp(string op)
    {
        if (!Current.IsOp(op)) return false;
        _i++;
        return true;
    }

    private bool SkipName(string name)
    {
        if (!Current.IsName(name)) return false;
        _i++;
        return true;
    }

    /// <summary>Statements up to a block tag whose keyword is in <paramref name="end"/> (left unconsumed: the
    /// caller reads <c>{%</c> and the keyword) or the end of the template.</summary>
    private List<JinjaNode> ParseBody(string[] end)
    {
        var nodes = new List<JinjaNode>();
        while (true)
        {
            var t = Current;
            switch (t.Kind)
            {
                case JinjaTokenKind.EndOfFile:
                    if (end.Length > 0) throw Error($"unexpected end of template: expected '{string.Join("' or '", end)}'");
                    return nodes;
                case JinjaTokenKind.Text:
                    nodes.Add(new TextNode(Next().Value, t.Line, t.Column));
                    break;
                case JinjaTokenKind.VariableBegin:
                    Next();
                    nodes.Add(new OutputNode(ParseExpression(), t.Line, t.Column));
                    Expect(JinjaTokenKind.VariableEnd);
                    break;
                case JinjaTokenKind.BlockBegin:
                    var keyword = Peek(1);
                    if (keyword.Kind == JinjaTokenKind.Name && end.Contains(keyword.Value)) return nodes;
                    Next();
                    nodes.Add(ParseStatement());
                    break;
                default:
                    throw Error($"unexpected {t}");
            }
        }
    }

    /// <summary><c>a, b</c> without parentheses is a tuple (as in <c>{% set x = 1, 2 %}</c>).</summary>
    private Expr ParseTupleOrExpression()
    {
        var first = ParseExpression();
        if (!Current.IsOp(",")) return first;
        var items = new List<Expr> { first };
        while (SkipOp(",")) items.Add(ParseExpression());
        return new ListExpr(items, first.Line, first.Column);
    }

    public Expr ParseExpression()
    {
        var expr = ParseOr();
        while (Current.IsName("if"))
        {
            var at = Next();
            var test = ParseOr();
            Expr? otherwise = SkipName("else") ? ParseExpression() : null;
            expr = new ConditionalExpr(test, expr, otherwise, at.Line, at.Column);
        }
        return expr;
    }

    private Expr ParseOr()
    {
        var left = ParseAnd();
        while (Current.IsName("or")) { var at = Next(); left = new BinaryExpr("or", left, ParseAnd(), at.Line, at.Column); }
        return left;
    }

    private Expr ParseAnd()
    {
        var left = ParseNot();
        while (Current.IsName("and")) { var at = Next(); left = new BinaryExpr("and", left, ParseNot(), at.Line, at.Column); }
        return left;
    }

    private Expr ParseNot()
    {
        if (!Current.IsName("not")) return ParseCompare();
        var at = Next();
        return new UnaryExpr("not", ParseNot(), at.Line, at.Column);
    }

    private static readonly string[] CompareOps = ["==", "!=", "<", "<=", ">", ">="];

    private Expr ParseCompare()
    {
        var left = ParseMath1();
        while (true)
        {
            var t = Current;
            string? op = null;
            if (t.Kind == JinjaTokenKind.Operator && CompareOps.Contains(t.Value)) { op = t.Value; Next(); }
            else if (t.IsName("in")) { op = "in"; Next(); }
            else if (t.IsName("not") && Peek(1).IsName("in")) { op = "notin"; Next(); Next(); }
            if (op is null) return left;
            left = new BinaryExpr(op, left, ParseMath1(), t.Line, t.Column);
        }
    }

    private Expr ParseMath1()
    {
        var left = ParseConcat();
        while (Current.IsOp("+") || Current.IsOp("-"))
        {
            var at = Next();
            left = new BinaryExpr(at.Value, left, ParseConcat(), at.Line, at.Column);
        }
        return left;
    }

    private Expr ParseConcat()
    {
        var left = ParseMath2();
        while (Current.IsOp("~")) { var at = Next(); left = new BinaryExpr("~", left, ParseMath2(), at.Line, at.Column); }
        return left;
    }

    private Expr ParseMath2()
    {
        var left = ParsePow();
        while (Current.Kind == JinjaTokenKind.Operator && Current.Value is "*" or "/" or "//" or "%")
        {
            var at = Next();
            left = new BinaryExpr(at.Value, left, ParsePow(), at.Line, at.Column);
        }
        return left;
    }

    private Expr ParsePow()
    {
        var left = ParseUnary(true);
        while (Current.IsOp("**")) { var at = Next(); left = new BinaryExpr("**", left, ParseUnary(true), at.Line, at.Column); }
        return left;
    }

    private Expr ParseUnary(bool withFilter)
    {
        var t = Current;
        Expr node;
        if (t.IsOp("-") || t.IsOp("+")) { Next(); node = new UnaryExpr(t.Value, ParseUnary(false), t.Line, t.Column); }
        else node = ParsePrimary();
        node = ParsePostfix(node);
        return withFilter ? ParseFilterChain(node) : node;
    }

    private Expr ParsePrimary()
    {
        var t = Next();
        switch (t.Kind)
        {
            case JinjaTokenKind.Name:
                return t.Value switch
                {
                    "true" or "True" => new LiteralExpr(true, t.Line, t.Column),
                    "false" or "False" => new LiteralExpr(false, t.Line, t.Column),
                    "none" or "None" => new LiteralExpr(null, t.Line, t.Column),
                    _ => new NameExpr(t.Value, t.Line, t.Column),
                };
            case JinjaTokenKind.String:
                string s = t.Value;
                while (Current.Kind == JinjaTokenKind.String) s += Next().Value; // adjacent literals concatenate
                return new LiteralExpr(s, t.Line, t.Column);
            case JinjaTokenKind.Integer:
                return new LiteralExpr(long.Parse(t.Value, CultureInfo.InvariantCulture), t.Line, t.Column);
            case JinjaTokenKind.Float:
                return new LiteralExpr(double.Parse(t.Value, CultureInfo.InvariantCulture), t.Line, t.Column);
            case JinjaTokenKind.Operator when t.Value == "(":
                if (SkipOp(")")) return new ListExpr([], t.Line, t.Column);
                var inner = ParseExpression();
                if (Current.IsOp(","))
                {
                    var items = new List<Expr> { inner };
                    while (SkipOp(",") && !Current.IsOp(")")) items.Add(ParseExpression());
                    inner = new ListExpr(items, t.Line, t.Column, IsTuple: true);
                }
                Expect(JinjaTokenKind.Operator, ")");
                return inner;
            case JinjaTokenKind.Operator when t.Value == "[":
                var list = new List<Expr>();
                while (!SkipOp("]"))
                {
                    if (list.Count > 0) { Expect(JinjaTokenKind.Operator, ","); if (SkipOp("]")) break; }
                    list.Add(ParseExpression());
                }
                return new ListExpr(list, t.Line, t.Column);
            case JinjaTokenKind.Operator when t.Value == "{":
                var pairs = new List<(Expr, Expr)>();
                while (!SkipOp("}"))
                {
                    if (pairs.Count > 0) { Expect(JinjaTokenKind.Operator, ","); if (SkipOp("}")) break; }
                    var key = ParseExpression();
                    Expect(JinjaTokenKind.Operator, ":");
                    pairs.Add((key, ParseExpression()));
                }
                return new DictExpr(pairs, t.Line, t.Column);
            default:
                throw Error($"unexpected {t}", t);
        }
    }

    private Expr ParsePostfix(Expr node)
    {
        while (true)
        {
            var t = Current;
            if (t.IsOp("."))
            {
                Next();
                var name = Next();
                if (name.Kind is not (JinjaTokenKind.Name or JinjaTokenKind.Integer)) throw Error($"expected an attribute name, got {name}", name);
                node = name.Kind == JinjaTokenKind.Integer
                    ? new ItemExpr(node, new LiteralExpr(long.Parse(name.Value, CultureInfo.InvariantCulture), name.Line, name.Column), t.Line, t.Column)
                    : new AttributeExpr(node, name.Value, t.Line, t.Column);
            }
            else if (t.IsOp("[")) { Next(); node = ParseSubscript(node, t); }
            else if (t.IsOp("(")) { Next(); var (args, kwargs) = ParseCallArgs(); node = new CallExpr(node, args, kwargs, t.Line, t.Column); }
            else return node;
        }
    }

    private Expr ParseSubscript(Expr target, JinjaToken at)
    {
        Expr? start = null, stop = null, step = null;
        if (!Current.IsOp(":")) start = ParseExpression();
        if (!SkipOp(":"))
        {
            Expect(JinjaTokenKind.Operator, "]");
            return new ItemExpr(target, start!, at.Line, at.Column);
        }
        if (!Current.IsOp(":") && !Current.IsOp("]")) stop = ParseExpression();
        if (SkipOp(":") && !Current.IsOp("]")) step = ParseExpression();
        Expect(JinjaTokenKind.Operator, "]");
        return new SliceExpr(target, start, stop, step, at.Line, at.Column);
    }

    /// <summary>After <c>(</c>: positional and <c>name=value</c> arguments up to <c>)</c>.</summary>
    private (List<Expr>, List<(string, Expr)>) ParseCallArgs()
    {
        var args = new List<Expr>();
        var kwargs = new List<(string, Expr)>();
        while (!SkipOp(")"))
        {
            if (args.Count + kwargs.Count > 0) { Expect(JinjaTokenKind.Operator, ","); if (SkipOp(")")) break; }
            if (Current.Kind == JinjaTokenKind.Name && Peek(1).IsOp("="))
            {
                string name = Next().Value;
                Next();
                kwargs.Add((name, ParseExpression()));
            }
            else args.Add(ParseExpression());
        }
        return (args, kwargs);
    }

    private Expr ParseFilterChain(Expr node)
    {
        while (true)
        {
            var t = Current;
            if (t.IsOp("|"))
            {
                Next();
                string name = ParseDottedName();
                List<Expr> args = [];
                List<(string, Expr)> kwargs = [];
                if (SkipOp("(")) (args, kwargs) = ParseCallArgs();
                node = new FilterExpr(node, name, args, kwargs, t.Line, t.Column);
            }
            else if (t.IsName("is"))
            {
                Next();
                bool negated = SkipName("not");
                string name = ParseDottedName();
                List<Expr> args = [];
                if (SkipOp("(")) args = ParseCallArgs().Item1;
                else if (StartsTestArgument(Current)) args = [ParsePostfix(ParsePrimary())];
                node = new TestExpr(node, name, args, negated, t.Line, t.Column);
            }
            else if (t.IsOp("(")) { Next(); var (a, k) = ParseCallArgs(); node = new CallExpr(node, a, k, t.Line, t.Column); }
            else return node;
        }
    }

    private static bool StartsTestArgument(JinjaToken t) =>
        t.Kind is JinjaTokenKind.String or JinjaTokenKind.Integer or JinjaTokenKind.Float
        || (t.Kind == JinjaTokenKind.Operator && t.Value is "[" or "{")
        || (t.Kind == JinjaTokenKind.Name && t.Value is not ("else" or "or" or "and" or "if" or "in" or "not" or "is"));

    private string ParseDottedName()
    {
        string name = ExpectName();
        while (Current.IsOp(".") && Peek(1).Kind == JinjaTokenKind.Name) { Next(); name += "." + Next().Value; }
        return name;
    }
}
