namespace Workbench.Engine.Templates.Jinja;

// The syntax tree the parser builds and the evaluator walks. Every node carries its 1-based source position.

/// <summary>A node of the template's syntax tree.</summary>
internal abstract record JinjaNode(int Line, int Column);

// ---- statements ----

/// <summary>Literal text, written as is.</summary>
internal sealed record TextNode(string Text, int Line, int Column) : JinjaNode(Line, Column);

/// <summary><c>{{ expr }}</c>: the expression's Python <c>str</c>.</summary>
internal sealed record OutputNode(Expr Value, int Line, int Column) : JinjaNode(Line, Column);

/// <summary><c>{% if %}…{% elif %}…{% else %}…{% endif %}</c> as a chain: elif is a nested IfNode in Else.</summary>
internal sealed record IfNode(Expr Test, List<JinjaNode> Then, List<JinjaNode> Else, int Line, int Column) : JinjaNode(Line, Column);

/// <summary><c>{% for target in iter if filter %}body{% else %}empty{% endfor %}</c>; Targets has one name, or
/// several for unpacking (<c>for k, v in d.items()</c>).</summary>
internal sealed record ForNode(List<string> Targets, Expr Iterable, Expr? Filter, List<JinjaNode> Body, List<JinjaNode> Empty,
    int Line, int Column) : JinjaNode(Line, Column);

/// <summary><c>{% set a = expr %}</c>, <c>{% set a, b = expr %}</c> or <c>{% set ns.attr = expr %}</c> (Attribute
/// set), or the block form <c>{% set a %}…{% endset %}</c> (Body set, Value null).</summary>
internal sealed record SetNode(List<string> Targets, string? Attribute, Expr? Value, List<JinjaNode>? Body, int Line, int Column)
    : JinjaNode(Line, Column);

/// <summary><c>{% macro name(a, b=default) %}…{% endmacro %}</c>.</summary>
internal sealed record MacroNode(string Name, List<(string Name, Expr? Default)> Parameters, List<JinjaNode> Body, int Line, int Column)
    : JinjaNode(Line, Column);

/// <summary><c>{% break %}</c> or <c>{% continue %}</c> (the loopcontrols extension).</summary>
internal sealed record LoopControlNode(bool IsBreak, int Line, int Column) : JinjaNode(Line, Column);

/// <summary>A block whose body is rendered as is (transformers' <c>{% generation %}</c>).</summary>
internal sealed record ScopeNode(List<JinjaNode> Body, int Line, int Column) : JinjaNode(Line, Column);

// ---- expressions ----

/// <summary>An expression.</summary>
internal abstract record Expr(int Line, int Column) : JinjaNode(Line, Column);

internal sealed record LiteralExpr(object? Value, int Line, int Column) : Expr(Line, Column);

internal sealed record NameExpr(string Name, int Line, int Column) : Expr(Line, Column);

internal sealed record ListExpr(List<Expr> Items, int Line, int Column, bool IsTuple = false) : Expr(Line, Column);

internal sealed record DictExpr(List<(Expr Key, Expr Value)> Items, int Line, int Column) : Expr(Line, Column);

/// <summary><c>obj.name</c> (Python attribute first, then item).</summary>
internal sealed record AttributeExpr(Expr Target, string Name, int Line, int Column) : Expr(Line, Column);

/// <summary><c>obj[key]</c> (item first, then attribute).</summary>
internal sealed record ItemExpr(Expr Target, Expr Key, int Line, int Column) : Expr(Line, Column);

/// <summary><c>obj[start:stop:step]</c>; any part may be missing.</summary>
internal sealed record SliceExpr(Expr Target, Expr? Start, Expr? Stop, Expr? Step, int Line, int Column) : Expr(Line, Column);

internal sealed record CallExpr(Expr Callee, List<Expr> Args, List<(string Name, Expr Value)> Kwargs, int Line, int Column) : Expr(Line, Column);

/// <summary><c>value | name(args)</c>.</summary>
internal sealed record FilterExpr(Expr Value, string Name, List<Expr> Args, List<(string Name, Expr Value)> Kwargs, int Line, int Column)
    : Expr(Line, Column);

/// <summary><c>value is [not] name args</c>.</summary>
internal sealed record TestExpr(Expr Value, string Name, List<Expr> Args, bool Negated, int Line, int Column) : Expr(Line, Column);

/// <summary>Binary operators: <c>+ - * / // % ** ~ == != &lt; &lt;= &gt; &gt;= in notin and or</c>.</summary>
internal sealed record BinaryExpr(string Op, Expr Left, Expr Right, int Line, int Column) : Expr(Line, Column);

/// <summary>Unary <c>not</c>, <c>-</c>, <c>+</c>.</summary>
internal sealed record UnaryExpr(string Op, Expr Operand, int Line, int Column) : Expr(Line, Column);

/// <summary><c>then if test else otherwise</c> (Otherwise null: undefined when false).</summary>
internal sealed record ConditionalExpr(Expr Test, Expr Then, Expr? Otherwise, int Line, int Column) : Expr(Line, Column);
