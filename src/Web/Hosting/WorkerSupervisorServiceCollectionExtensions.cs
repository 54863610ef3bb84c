using Microsoft.Extensions.Options;
using Workbench.Engine;
using Workbench.Engine.Inference;
using Workbench.Engine.ModelTools;
using Workbench.Engine.Models;
using Workbench.Engine.Serving;
using Workbench.Web.Components.State;

namespace Workbench.Web.Hosting;

/// <summary>Registers the supervised engine worker and the engine seen through it.</summary>
public static class WorkerSupervisorServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="WebOptions"/> and <see cref="EngineOptions"/> (validated on start),
    /// <see cref="WorkerSupervisor"/> (a singleton and hosted service), the UI's <see cref="IWorkerStatus"/>,
    /// <see cref="IInferenceEngine"/> as a <see cref="RemoteInferenceEngine"/> that reaches the worker at
    /// <see cref="WorkerSupervisor.Address"/>, a <see cref="ModelCatalog"/> over the configured directories, and the
    /// <see cref="ModelToolRunner"/> that starts this executable with <see cref="ModelToolHost.Switch"/> and the
    /// worker's environment (<see cref="WorkerSupervisor.BuildWorkerEnvironment"/>), and the
    /// <see cref="Quantization.QuantizeJobQueue"/> and <see cref="Quantization.ModelEvaluationService"/> over it; and the
    /// tool model's <see cref="ToolModelWorker"/> (also as <see cref="Lab.Backends.IToolModelBackend"/> and a hosted
    /// service that only stops it: it starts on first use).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The app configuration (sections <c>Web</c> and <c>Engine</c>).</param>
    /// <param name="settingsRoot">Base of relative paths (<see cref="WorkbenchPaths.FindSettingsRoot"/>).</param>
    public static IServiceCollection AddWorkerSupervisor(this IServiceCollection services, IConfiguration configuration, string settingsRoot)
    {
        services.AddOptions<WebOptions>().Bind(configuration.GetSection(WebOptions.SectionName))
            .Validate(o => o.Validate() is null, "Invalid Web configuration (see WebOptions for the ranges).").ValidateOnStart();
        services.AddOptions<EngineOptions>().Bind(configuration.GetSection(EngineOptions.SectionName))
            .Validate(o => { o.Validate(); return true; }).ValidateOnStart();

        services.AddHttpClient(WorkerSupervisor.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                ConnectTimeout = TimeSpan.FromSeconds(5),
                UseProxy = false,
                AllowAutoRedirect = false,
            });

        services.AddSingleton(sp => new WorkerSupervisor(sp.GetRequiredService<IOptions<WebOptions>>(), configuration,
            settingsRoot, sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService(sp => sp.GetRequiredService<WorkerSupervisor>());
        services.AddSingleton<IWorkerStatus>(sp => new WorkerStatusAdapter(sp.GetRequiredService<WorkerSupervisor>()));

        services.AddSingleton(sp =>
        {
            var supervisor = sp.GetRequiredService<WorkerSupervisor>();
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(WorkerSupervisor.HttpClientName);
            return new RemoteInferenceEngine(http, () => supervisor.Address);
        });
        services.AddSingleton<IInferenceEngine>(sp =>
            new SupervisedInferenceEngine(sp.GetRequiredService<RemoteInferenceEngine>(), sp.GetRequiredService<WorkerSupervisor>(),
                sp.GetRequiredService<ModelCatalog>()));
        services.AddSingleton(sp => new ModelCatalog(sp.GetRequiredService<IOptions<EngineOptions>>().Value, settingsRoot));
        services.AddSingleton(sp =>
        {
            var supervisor = sp.GetRequiredService<WorkerSupervisor>();
            return new ModelToolRunner(() => new ModelToolLaunch(WorkerProcess.ExecutablePath, [ModelToolHost.Switch],
                supervisor.BuildWorkerEnvironment(), AppContext.BaseDirectory));
        });
        // The lab's tool model (Engine:ToolModel, issue 15): a second worker, started on first use.
        services.AddSingleton(sp => new ToolModelWorker(sp.GetRequiredService<IOptions<WebOptions>>(), configuration, settingsRoot,
            sp.GetRequiredService<ModelCatalog>(), sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<ILoggerFactory>(),
            sp.GetService<Lab.Quotas.EngineAccessGate>()));
        services.AddSingleton<Lab.Backends.IToolModelBackend>(sp => sp.GetRequiredService<ToolModelWorker>());
        services.AddHostedService(sp => sp.GetRequiredService<ToolModelWorker>());
        services.AddSingleton<Quantization.QuantizeJobQueue>();
        services.AddSingleton<Quantization.ModelEvaluationService>();
        return services;
    }
}
