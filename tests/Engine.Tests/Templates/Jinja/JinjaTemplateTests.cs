using System.Text.Json.Nodes;
using Workbench.Engine.Templates.Jinja;

namespace Workbench.Engine.Tests.Templates.Jinja;

/// <summary>The interpreter on small templates; every expected string is what python jinja2 3.1.6 prints in
/// transformers' environment (checked with tests/reference/jinja/render.py).</summary>
public sealed class JinjaTemplateTests
{
    private static string Render(string source, string variablesJson = "{}") =>
        JinjaTemplate.Parse(source).Render((JsonObject)JsonNode.Parse(variablesJson)!);

    [Theory]
    [InlineData("a\n  {% if true %}\n  b\n  {% endif %}\nc", "a\n  b\nc")]           // trim_blocks + lstrip_blocks
    [InlineData("a  {%- if true -%}  b  {%- endif -%}  c", "abc")]                    // {%- -%}
    [InlineData("a  {{- 'x' -}}  b", "axb")]                                          // {{- -}}
    [InlineData("a {#- note -#}\n b", "ab")]                                          // {#- -#}
    [InlineData("  {{ 'x' }}\n", "  x")]                                              // no lstrip for {{; trailing newline dropped
    [InlineData("{% for i in [1] %}\n{{ i }}\n{% endfor %}\n", "1\n")]
    [InlineData("x  {%+ if true %}y{% endif %}", "x  y")]                             // {%+ keeps the indentation
    public void Render_WhitespaceControl_AsJinja2(string source, string expected) => Assert.Equal(expected, Render(source));

    [Fact]
    public void Render_LoopVariables_IndexFirstLastPrevNextLength()
    {
        const string src = "{% for x in xs %}{{ loop.index }}{{ loop.index0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }}"
            + "{{ loop.previtem | default('-') }}{{ loop.nextitem | default('-') }};{% endfor %}";
        Assert.Equal("10TrueFalse3-b;21FalseFalse3ac;32FalseTrue3b-;", Render(src, """{"xs": ["a", "b", "c"]}"""));
    }

    [Fact]
    public void Render_LoopFilterUnpackingBreakContinue()
    {
        const string src = "{% for k, v in d.items() if v > 1 %}{% if k == 'd' %}{% break %}{% endif %}{% if k == 'b' %}{% continue %}{% endif %}"
            + "{{ k }}={{ v }}/{{ loop.length }} {% endfor %}{% for x in [] %}x{% else %}empty{% endfor %}";
        Assert.Equal("c=3/3 empty", Render(src, """{"d": {"a": 1, "b": 2, "c": 3, "d": 4}}"""));
    }

    [Fact]
    public void Render_SetInLoop_DoesNotLeak_NamespaceDoes()
    {
        const string src = "{% set x = 1 %}{% set ns = namespace(n=0) %}{% for i in [1, 2, 3] %}{% set x = i %}{% set ns.n = ns.n + i %}{% endfor %}{{ x }} {{ ns.n }}";
        Assert.Equal("1 6", Render(src));
    }

    [Fact]
    public void Render_MacroWithDefaultsKeywordsAndRecursion()
    {
        const string src = "{% macro f(a, b='B', c=none) %}[{{ a }}{{ b }}{{ c }}]{% endmacro %}{{ f(1) }}{{ f(1, 2) }}{{ f('x', c=3) }}"
            + "{% macro fact(n) %}{% if n <= 1 %}1{% else %}{{ n }}*{{ fact(n - 1) }}{% endif %}{% endmacro %} {{ fact(3) }}";
        Assert.Equal("[1BNone][12None][xB3] 3*2*1", Render(src));
    }

    [Theory]
    [InlineData("{{ {'a': 'é', 'b': [1, 2.5, true, none]} | tojson }}", "{\"a\": \"é\", \"b\": [1, 2.5, true, null]}")]
    [InlineData("{{ '<tag> & \"q\"\\n' | tojson }}", "\"<tag> & \\\"q\\\"\\n\"")]
    [InlineData("{{ {'a': [1, {}], 'b': []} | tojson(indent=2) }}", "{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b\": []\n}")]
    [InlineData("{{ x | tojson }}", "{\"n\": 1.0, \"big\": 1e+16, \"small\": 1e-05, \"emoji\": \"😀\"}")]
    public void Render_Tojson_AsPythonJsonDumps(string source, string expected) =>
        Assert.Equal(expected, Render(source, """{"x": {"n": 1.0, "big": 1e16, "small": 0.00001, "emoji": "😀"}}"""));

    [Theory]
    [InlineData("{{ 'abcdef'[1:4] }}|{{ 'abc'[::-1] }}|{{ [1,2,3,4][::2] }}|{{ [1,2,3][-2:] }}|{{ 'abc'[5:] }}", "bcd|cba|[1, 3]|[2, 3]|")]
    [InlineData("{{ 7 // 2 }} {{ -7 // 2 }} {{ -7 % 3 }} {{ 7 / 2 }} {{ 2 ** 10 }} {{ (1 + 2) ~ 'x' }} {{ {'a': 1}.items() | list }} {{ (1,) }}", "3 -4 2 3.5 1024 3x [('a', 1)] (1,)")]
    [InlineData("{{ true }} {{ none }} {{ [1, 'a', none] }} {{ {'k': false} }} {{ undefined_name }}.", "True None [1, 'a', None] {'k': False} .")]
    [InlineData("{{ 'a' in 'cat' }} {{ 2 not in [1, 2] }} {{ 'k' in {'k': 1} }} {{ 'x' if 0 else 'y' }}", "True False True y")]
    [InlineData("{{ '  a b  '.strip() }}|{{ 'a,b,,c'.split(',') }}|{{ ' a  b '.split() }}|{{ 'xxhixx'.lstrip('x') }}|{{ 'abc'.startswith(('z', 'a')) }}", "a b|['a', 'b', '', 'c']|['a', 'b']|hixx|True")]
    [InlineData("{{ d.get('a') }} {{ d.get('z', 'dflt') }} {{ d.keys() | list }} {{ d['a'] }} {{ d.a }} {{ d.zz is defined }}", "1 dflt ['a', 'b'] 1 1 False")]
    public void Render_Expressions_AsPython(string source, string expected) =>
        Assert.Equal(expected, Render(source, """{"d": {"a": 1, "b": 2}}"""));

    [Theory]
    [InlineData("{{ xs | selectattr('role', 'equalto', 'user') | map(attribute='n') | join(',') }}", "1,3")]
    [InlineData("{{ ['a', 'b', 'c'] | reject('in', ['b']) | list }}", "['a', 'c']")]
    [InlineData("{{ ['a', 'code_interpreter'] | reject('equalto', 'code_interpreter') | join(', ') }}", "a")]
    [InlineData("{{ {'b': 1, 'A': 2} | dictsort }}", "[('A', 2), ('b', 1)]")]
    [InlineData("{{ ['x', 'y'] | map('upper') | list }} {{ 'a-b c' | replace('-', '_') }} {{ missing | default('unknown') }} {{ ' t ' | trim }}", "['X', 'Y'] a_b c unknown t")]
    [InlineData("{{ xs | length }} {{ 'héllo' | length }} {{ xs | first | string }} {{ 42 | string }} {{ xs[0].role | upper }}", "3 5 {'role': 'user', 'n': 1} 42 USER")]
    public void Render_Filters_AsJinja2(string source, string expected) =>
        Assert.Equal(expected, Render(source, """{"xs": [{"role": "user", "n": 1}, {"role": "assistant", "n": 2}, {"role": "user", "n": 3}]}"""));

    [Theory]
    [InlineData("{{ 'x' is string }}{{ 'x' is iterable }}{{ 'x' is sequence }}{{ 'x' is mapping }}", "TrueTrueTrueFalse")]
    [InlineData("{{ d is mapping }}{{ d.a is number }}{{ d.a is boolean }}{{ d.t is boolean }}{{ d.t is true }}{{ d.f is false }}", "TrueTrueFalseTrueTrueTrue")]
    [InlineData("{{ d.n is none }}{{ d.missing is none }}{{ d.missing is defined }}{{ d.n is not none }}{{ 3 is odd }}", "TrueFalseFalseFalseTrue")]
    public void Render_Tests_AsJinja2(string source, string expected) =>
        Assert.Equal(expected, Render(source, """{"d": {"a": 1, "t": true, "f": false, "n": null}}"""));

    [Fact]
    public void Parse_UnclosedIf_ThrowsWithLineAndColumn()
    {
        var e = Assert.Throws<JinjaException>(() => JinjaTemplate.Parse("line one\n{% if x %}\nbody"));
        Assert.Contains("endif", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void Parse_BadToken_PointsAtIt()
    {
        var e = Assert.Throws<JinjaException>(() => JinjaTemplate.Parse("ab\n  {{ 1 + }}"));
        Assert.Equal((2, 10), (e.Line, e.Column));
        Assert.Contains("'}}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_UnknownFilter_NamesItAtItsPosition()
    {
        var e = Assert.Throws<JinjaException>(() => Render("x\n{{ 'a' | frobnicate }}"));
        Assert.Contains("unknown filter 'frobnicate'", e.Message, StringComparison.Ordinal);
        Assert.Equal((2, 8), (e.Line, e.Column));
    }

    [Fact]
    public void Render_AttributeOfUndefinedAndLoopOverNone_AreErrors()
    {
        var e1 = Assert.Throws<JinjaException>(() => Render("{{ nothing.field }}"));
        Assert.Contains("'nothing' is undefined", e1.Message, StringComparison.Ordinal);
        var e2 = Assert.Throws<JinjaException>(() => Render("\n\n{% for t in tools %}{% endfor %}", """{"tools": null}"""));
        Assert.Contains("'NoneType' object is not iterable", e2.Message, StringComparison.Ordinal);
        Assert.Equal(3, e2.Line);
    }

    [Fact]
    public void Render_ConcatBindsTighterThanPlus_AsJinja2()
    {
        var e = Assert.Throws<JinjaException>(() => Render("{{ 1 + 2 ~ 'x' }}"));
        Assert.Contains("unsupported operand type(s) for +: 'int' and 'str'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_RaiseException_IsTheTemplatesOwnError()
    {
        var e = Assert.Throws<JinjaException>(() => Render("ok\n{{ raise_exception('Roles must alternate!') }}"));
        Assert.True(e.RaisedByTemplate);
        Assert.Equal("Roles must alternate!", e.TemplateMessage);
        Assert.Equal(2, e.Line);
        Assert.Equal("template error at line 2, column 19: Roles must alternate!", e.Message);
    }
}
