using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Lab.Content;
using Workbench.Web.Components.Widgets;

namespace Workbench.Web.Tests.Components.Labs;

/// <summary>Every widget name lab content may use renders as a live component.</summary>
[Collection(EngineCollection.Name)]
public sealed class WidgetHostTests(EngineFixture fixture)
{
    [Fact]
    public void Registry_EveryLabWidgetName_MapsToAComponentWithOptions()
    {
        Assert.Equal(LabWidgets.Names.Order(), WidgetRegistry.Components.Keys.Order());
        foreach (var (name, type) in WidgetRegistry.Components)
        {
            Assert.True(typeof(IComponent).IsAssignableFrom(type), $"{name}: {type} is not a component");
            var options = type.GetProperty("Options");
            Assert.NotNull(options);
            Assert.NotNull(options.GetCustomAttributes(typeof(ParameterAttribute), inherit: true).SingleOrDefault());
            Assert.Equal(typeof(IReadOnlyDictionary<string, string>), options.PropertyType);
        }
    }

    [Theory]
    [InlineData(LabWidgets.WireInspector, "Wire inspector")]
    [InlineData(LabWidgets.ChatPlayground, "Chat playground")]
    public void Render_KnownName_RendersTheWidgetWithItsOptions(string name, string label)
    {
        using var ctx = UiTestContext.Create(fixture);
        ctx.Services.AddSingleton(new EngineWireClient(new HttpClient(), () => null));
        var block = new WidgetBlock(name, new Dictionary<string, string> { ["system"] = "Be brief.", ["max_tokens"] = "7" }, 1);

        var cut = ctx.Render<WidgetHost>(p => p.Add(c => c.Block, block));

        var section = cut.Find($"section[aria-label='{label}']");
        Assert.Equal("Be brief.", section.QuerySelector("textarea")!.GetAttribute("value") ?? section.QuerySelector("textarea")!.TextContent);
        Assert.Contains(section.QuerySelectorAll("input[type=number]"), i => i.GetAttribute("value") == "7");
        Assert.Empty(cut.FindAll("[role=alert]"));
    }

    [Fact]
    public void Render_UnknownName_ShowsAWarning()
    {
        using var ctx = UiTestContext.Create(fixture);

        var cut = ctx.Render<WidgetHost>(p => p.Add(c => c.Block, new WidgetBlock("no-such-widget", new Dictionary<string, string>(), 3)));

        Assert.Contains("Unknown widget 'no-such-widget'", cut.Find("[role=alert]").TextContent);
    }
}
