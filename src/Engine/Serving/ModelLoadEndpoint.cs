using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Workbench.Engine.Inference;
using Workbench.Engine.Models;
using Workbench.Engine.Serving.Wire;

namespace Workbench.Engine.Serving;

/// <summary><c>POST /models/load {path}</c>: resolves the path with <see cref="ModelCatalog.ResolveLoadable"/> (a
/// file name from the model directories, or a path inside one of them; anything else — missing, unreadable, outside
/// — is the same 400 <c>model_load_failed</c> with <see cref="ModelCatalog.NotLoadableMessage"/>), then streams
/// <c>data: {"progress":0.42}</c> events and ends with <c>data: {"model":{...}}</c> or <c>data: {"error":{...}}</c>. A bad path is a plain 400 before the stream starts. Closing the request
/// cancels the load.</summary>
internal static class ModelLoadEndpoint
{
    /// <summary>Smallest progress step reported (llama.cpp calls back far more often).</summary>
    private const float ProgressStep = 0.01f;

    public static async Task LoadAsync(HttpContext http, [FromServices] IInferenceEngine engine, [FromServices] ModelCatalog catalog, [FromServices] ILoggerFactory loggers)
    {
        var log = loggers.CreateLogger(typeof(OpenAiApi));
        var cancellationToken = http.RequestAborted;
        string path;
        try
        {
            var body = await ApiIo.ReadBodyAsync(http, OpenAiJsonContext.Wire.LoadModelRequestBody);
            if (string.IsNullOrWhiteSpace(body.Path))
                throw new ApiRequestException("'path' must name a .gguf file.", "path", ErrorMapping.ModelLoadFailed);
            path = catalog.ResolveLoadable(body.Path)
                ?? throw new ApiRequestException(ModelCatalog.NotLoadableMessage, "path", ErrorMapping.ModelLoadFailed);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            await ApiIo.WriteErrorAsync(http, e, null, log);
            return;
        }

        var progress = Channel.CreateUnbounded<float>(new UnboundedChannelOptions { SingleReader = true });
        var lastReported = -1f;
        var reporter = new SynchronousProgress(value =>
        {
            if (value - lastReported < ProgressStep && value < 1f) return;
            lastReported = value;
            progress.Writer.TryWrite(value);
        });

        SseWriter.Start(http);
        log.LogInformation("Loading model {Path}.", path);
        var load = Task.Run(() => engine.LoadModelAsync(path, reporter, cancellationToken), cancellationToken);
        _ = load.ContinueWith(_ => progress.Writer.TryComplete(), TaskScheduler.Default);
        try
        {
            await foreach (var value in progress.Reader.ReadAllAsync(cancellationToken))
                await SseWriter.WriteAsync(http, new LoadEventBody { Progress = value }, OpenAiJsonContext.Wire.LoadEventBody, cancellationToken);
            var model = await load;
            log.LogInformation("Loaded model {Id}.", model.Id);
            await SseWriter.WriteAsync(http, new LoadEventBody { Model = model }, OpenAiJsonContext.Wire.LoadEventBody, cancellationToken);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            log.LogInformation("Model load of {Path} cancelled: the client disconnected.", path);
        }
        catch (Exception e)
        {
            if (e is ModelLoadException) log.LogWarning("Model load failed: {Message}", e.Message);
            await ApiIo.WriteStreamErrorAsync(http, e, null, log);
        }
    }

    /// <summary>An <see cref="IProgress{T}"/> that calls back on the reporting thread (no synchronization
    /// context hop, so no report arrives after the load has finished).</summary>
    private sealed class SynchronousProgress(Action<float> report) : IProgress<float>
    {
        public void Report(float value) => report(value);
    }
}
