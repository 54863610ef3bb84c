using Workbench.Engine.Inference;
using Workbench.Engine.Models;

namespace Workbench.Web.Hosting;

/// <summary>The app's <see cref="IInferenceEngine"/>: the remote engine in the worker. A model load is checked by
/// <see cref="ModelLoadGuard"/> first (model folders only; never a file that crashed the worker), tracked by the
/// supervisor while it runs (so a crash marks the file bad), and reported to the supervisor after it succeeded so
/// that a restarted worker loads that model.</summary>
/// <param name="inner">The <c>RemoteInferenceEngine</c> over the worker's HTTP API.</param>
/// <param name="supervisor">The app's supervisor.</param>
/// <param name="catalog">The model folders.</param>
internal sealed class SupervisedInferenceEngine(IInferenceEngine inner, WorkerSupervisor supervisor, ModelCatalog catalog) : DelegatingInferenceEngine(inner)
{
    /// <summary>The worker's model as the supervisor last read it (the remote engine caches a model only after its
    /// own loads); the grading gateway's API needs it to serve requests.</summary>
    public override ModelInfo? Model => supervisor.Model ?? Inner.Model;

    /// <inheritdoc />
    /// <exception cref="ModelLoadRefusedException">The path names no loadable file in the model folders, or a file
    /// that crashed the worker.</exception>
    public override async Task<ModelInfo> LoadModelAsync(string path, IProgress<float>? progress, CancellationToken cancellationToken)
    {
        var resolved = ModelLoadGuard.Resolve(catalog, supervisor, path);
        using var tracking = supervisor.TrackModelLoad(resolved);
        var model = await Inner.LoadModelAsync(resolved, progress, cancellationToken).ConfigureAwait(false);
        await supervisor.RefreshModelAsync(CancellationToken.None).ConfigureAwait(false);
        return model;
    }
}
