using Workbench.Engine.Inference;

namespace Workbench.Web.Hosting;

/// <summary>The app's <see cref="IInferenceEngine"/>: the remote engine in the worker, telling the supervisor
/// after each successful model load so that a restarted worker loads that model.</summary>
/// <param name="inner">The <c>RemoteInferenceEngine</c> over the worker's HTTP API.</param>
/// <param name="supervisor">The app's supervisor.</param>
internal sealed class SupervisedInferenceEngine(IInferenceEngine inner, WorkerSupervisor supervisor) : DelegatingInferenceEngine(inner)
{
    /// <summary>The worker's model as the supervisor last read it (the remote engine caches a model only after its
    /// own loads); the grading gateway's API needs it to serve requests.</summary>
    public override ModelInfo? Model => supervisor.Model ?? Inner.Model;

    public override async Task<ModelInfo> LoadModelAsync(string path, IProgress<float>? progress, CancellationToken cancellationToken)
    {
        var model = await Inner.LoadModelAsync(path, progress, cancellationToken).ConfigureAwait(false);
        await supervisor.RefreshModelAsync(CancellationToken.None).ConfigureAwait(false);
        return model;
    }
}
