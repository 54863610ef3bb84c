namespace Workbench.Engine.Templates.Jinja;

/// <summary>The kinds of token <see cref="JinjaLexer"/> produces.</summary>
internal enum JinjaTokenKind
{
    /// <summary>Literal template text, after whitespace control.</summary>
    Text,
    /// <summary><c>{{</c></summary>
    VariableBegin,
    /// <summary><c>}}</c></summary>
    VariableEnd,
    /// <summary><c>{%</c></summary>
    BlockBegin,
    /// <summary><c>%}</c></summary>
    BlockEnd,
    /// <summary>An identifier or keyword (<c>for</c>, <c>and</c>, <c>true</c>, …).</summary>
    Name,
    /// <summary>A string literal, escapes already decoded.</summary>
    String,
    Integer,
    Float,
    /// <summary>An operator or punctuation: <c>+ - * / // % ** ~ == != &lt; &lt;= &gt; &gt;= = ( ) [ ] { } , . : |</c>.</summary>
    Operator,
    EndOfFile,
}

/// <summary>One token with its 1-based position in the template source.</summary>
internal readonly record struct JinjaToken(JinjaTokenKind Kind, string Value, int Line, int Column)
{
    public bool Is(JinjaTokenKind kind, string value) => Kind == kind && Value == value;

    public bool IsName(string name) => Kind == JinjaTokenKind.Name && Value == name;

    public bool IsOp(string op) => Kind == JinjaTokenKind.Operator && Value == op;

    public override string ToString() => Kind switch
    {
        JinjaTokenKind.EndOfFile => "end of template",
        JinjaTokenKind.Text => "template text",
        JinjaTokenKind.String => $"string '{Value}'",
        _ => $"'{Value}'",
    };
}
