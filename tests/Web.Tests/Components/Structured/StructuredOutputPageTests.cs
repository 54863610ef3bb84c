using Bunit;
using Workbench.Web.Components.Pages.Modules;

namespace Workbench.Web.Tests.Components.Structured;

/// <summary>The module page: its explanation, both widgets at full size and the link to lab 04.</summary>
[Collection(EngineCollection.Name)]
public sealed class StructuredOutputPageTests(EngineFixture fixture, StoriesModelFixture stories) : IClassFixture<StoriesModelFixture>
{
    [Fact]
    public async Task Render_ShowsBothWidgetsAndTheLabLink()
    {
        await using var ctx = UiTestContext.CreateForWidgets(fixture, stories.Engine);

        var cut = ctx.Render<StructuredOutputPage>();

        Assert.Equal("Structured output", cut.Find("h1").TextContent);
        Assert.NotNull(cut.Find("section[aria-label='Schema modes']"));
        Assert.NotNull(cut.Find("section[aria-label='Grammar steps']"));
        Assert.Equal("labs/04-structured-output", cut.Find("a.wb-link-button").GetAttribute("href"));
    }
}
