using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Radzen.Blazor.Rendering;
using Workbench.Engine.Inference;
using Workbench.Engine.Models;

namespace Workbench.Web.Tests.Components;

/// <summary>A bunit context with the UI's component services, the real engine and a model catalog over the
/// shared models. Radzen's JavaScript calls are answered loosely (no browser).</summary>
public static class UiTestContext
{
    /// <summary>Creates the context.</summary>
    /// <param name="fixture">The shared engine.</param>
    /// <param name="engine">The engine the components see; the fixture's when null.</param>
    public static BunitContext Create(EngineFixture fixture, IInferenceEngine? engine = null)
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddSingleton(engine ?? fixture.Engine);
        ctx.Services.AddSingleton(new ModelCatalog(fixture.Options, AppContext.BaseDirectory));
        ctx.Services.AddLogging();
        ctx.Services.AddWebUiComponentServices();
        return ctx;
    }

    /// <summary>Creates the context for the module widgets: <see cref="Create"/>, an anonymous user (the widgets charge
    /// engine use to the signed-in user through <c>EngineUseGate</c>) and a size for Radzen's charts (a browser would
    /// measure it).</summary>
    /// <param name="fixture">The shared engine.</param>
    /// <param name="engine">The engine the widgets see; the fixture's when null.</param>
    public static BunitContext CreateForWidgets(EngineFixture fixture, IInferenceEngine? engine = null)
    {
        var ctx = Create(fixture, engine);
        ctx.AddAuthorization();
        ctx.JSInterop.Setup<Rect>("Radzen.createChart", _ => true).SetResult(new Rect { Width = 640, Height = 280 });
        return ctx;
    }
}
