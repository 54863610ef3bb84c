using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Workbench.Engine.Inference;
using Workbench.Engine.Models;

namespace Workbench.Engine.Serving;

/// <summary>Loads <see cref="EngineOptions.DefaultModel"/> in the background once the host has started
/// (<c>/health</c> answers <c>loading</c> meanwhile). A missing or broken default model is logged, not fatal:
/// the API then answers 503 until a model is loaded through <c>/models/load</c>.</summary>
internal sealed class DefaultModelLoader(IInferenceEngine engine, ModelCatalog catalog, EngineOptions options, ILogger<DefaultModelLoader> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        if (string.IsNullOrWhiteSpace(options.DefaultModel))
        {
            log.LogInformation("No Engine:DefaultModel configured; waiting for POST /models/load.");
            return;
        }
        var path = catalog.Resolve(options.DefaultModel);
        if (path is null)
        {
            log.LogWarning("Engine:DefaultModel '{Model}' was not found in {Directories}.", options.DefaultModel, string.Join(", ", catalog.Directories));
            return;
        }
        try
        {
            var model = await engine.LoadModelAsync(path, null, stoppingToken);
            log.LogInformation("Loaded {Id} ({Description}, n_ctx {ContextSize}).", model.Id, model.Description, model.ContextSize);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            log.LogInformation("Default model load cancelled by shutdown.");
        }
        catch (EngineException e)
        {
            log.LogError("Could not load the default model {Path}: {Message}", path, e.Message);
        }
    }
}
