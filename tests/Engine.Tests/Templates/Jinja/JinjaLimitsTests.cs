using System.Text.Json.Nodes;
using Workbench.Engine.Templates.Jinja;
using Xunit;

namespace Workbench.Engine.Tests.Templates.Jinja;

/// <summary>A chat template can come from a request (<c>/apply-template</c>'s <c>chat_template</c>): a hostile one must
/// end with a clear error, not spin the worker's CPU for hours or run it out of memory.</summary>
public sealed class JinjaLimitsTests
{
    [Fact]
    public void NestedLoops_StopAtTheStepBudget_WithAnErrorNamingIt()
    {
        var template = JinjaTemplate.Parse("{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}");
        var e = Assert.Throws<JinjaException>(() => template.Render(new JsonObject()));
        Assert.Contains("steps", e.Message);
        Assert.Equal(1, e.Line);
    }

    [Fact]
    public void HugeStringRepetition_IsRefusedBeforeItIsBuilt()
    {
        var template = JinjaTemplate.Parse("{{ 'x' * 2000000000 }}");
        var e = Assert.Throws<JinjaException>(() => template.Render(new JsonObject()));
        Assert.Contains("characters", e.Message);
    }

    [Fact]
    public void OutputPastTheCap_StopsRendering()
    {
        var template = JinjaTemplate.Parse("{% for a in range(100000) %}{{ 'y' * 1000 }}{% endfor %}");
        var e = Assert.Throws<JinjaException>(() => template.Render(new JsonObject()));
        Assert.Contains("characters", e.Message);
    }
}
