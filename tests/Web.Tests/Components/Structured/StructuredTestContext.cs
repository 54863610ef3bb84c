using Bunit;
using Radzen.Blazor.Rendering;

namespace Workbench.Web.Tests.Components.Structured;

/// <summary>A bunit context for the structured-output widgets: <see cref="UiTestContext"/> over the stories260K
/// engine, an anonymous user (the widgets charge engine use to the signed-in user through <c>EngineUseGate</c>),
/// and a size for Radzen's charts (a browser would measure it).</summary>
public static class StructuredTestContext
{
    /// <summary>Creates the context.</summary>
    /// <param name="fixture">The shared engine fixture (model catalog).</param>
    /// <param name="stories">The stories260K engine the widgets use.</param>
    public static BunitContext Create(EngineFixture fixture, StoriesModelFixture stories)
    {
        var ctx = UiTestContext.Create(fixture, stories.Engine);
        ctx.AddAuthorization();
        ctx.JSInterop.Setup<Rect>("Radzen.createChart", _ => true).SetResult(new Rect { Width = 600, Height = 280 });
        return ctx;
    }
}
