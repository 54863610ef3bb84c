using Microsoft.Extensions.DependencyInjection.Extensions;
using Radzen;
using Workbench.Web.Components;
using Workbench.Web.Components.Pages.Chat;
using Workbench.Web.Components.State;
using Workbench.Web.Components.Widgets;
using Workbench.Web.Hosting;
using Workbench.Web.Rendering;

namespace Workbench.Web;

/// <summary>Registers and maps the Blazor UI (Radzen Material theme, interactive server render mode).</summary>
public static class WebUiServiceCollectionExtensions
{
    /// <summary>
    /// Adds Razor components with interactive server rendering, Radzen's services and the UI's own services.
    /// Expects an <c>IInferenceEngine</c> (and, in the app, the worker supervisor) to be registered elsewhere.
    /// </summary>
    /// <param name="services">The service collection.</param>
    public static IServiceCollection AddWebUi(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        return services.AddWebUiComponentServices();
    }

    /// <summary>
    /// The services the UI's components inject (Radzen's, the Markdown renderer, the engine-state monitor, chat
    /// settings, the lab widgets' engine access), without Razor hosting: <see cref="AddWebUi"/> calls it; component tests call it directly.
    /// </summary>
    /// <param name="services">The service collection.</param>
    public static IServiceCollection AddWebUiComponentServices(this IServiceCollection services)
    {
        services.AddRadzenComponents();
        services.TryAddSingleton<MarkdownRenderer>();
        services.TryAddScoped<EngineStateMonitor>(sp =>
            new EngineStateMonitor(sp.GetRequiredService<Engine.Inference.IInferenceEngine>(), sp.GetService<IWorkerStatus>()));
        services.TryAddScoped<ChatSettings>();
        // The backend pickers' list: AddLab's AddChatBackends registers the configured one; without it, the built-in engine only.
        services.TryAddSingleton<Lab.Backends.IChatBackends>(sp => new Lab.Backends.ChatBackends(
            Microsoft.Extensions.Options.Options.Create(new Lab.Backends.BackendOptions()), sp.GetRequiredService<Engine.Inference.IInferenceEngine>()));
        services.TryAddScoped<EngineUseGate>();
        // The wire widgets post to the supervised worker itself (the real OpenAI-compatible endpoint); tests
        // register their own client on an in-process API server first.
        services.TryAddSingleton(sp => new EngineWireClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(WorkerSupervisor.HttpClientName),
            () => sp.GetService<WorkerSupervisor>()?.Address));
        // The tool-format gallery's real chat templates (Web:ChatTemplatesDirectory, default ../shared/templates).
        services.TryAddSingleton(sp => Components.Widgets.Tools.ChatTemplateLibrary.Create(
            sp.GetService<IConfiguration>()?[Components.Widgets.Tools.ChatTemplateLibrary.SettingKey],
            sp.GetService<IWebHostEnvironment>()?.ContentRootPath));
        // MCP tool calls by hand (the module page's widgets and /api/mcp) are charged to the member's quota, shared
        // with the lab's own /mcp server; AddWorkbenchMcp binds Web:Mcp (without it, the defaults apply).
        services.TryAddSingleton<Mcp.McpCallQuota>();
        // The coding agent widgets' task list (the lab's tasks and Agent:TaskDirectories).
        return services;
    }

    /// <summary>
    /// Maps static assets and the Razor components (antiforgery included). Call after the app's own middleware.
    /// </summary>
    /// <param name="app">The web application.</param>
    public static WebApplication MapWebUi(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
