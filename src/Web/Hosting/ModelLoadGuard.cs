using Workbench.Engine.Models;

namespace Workbench.Web.Hosting;

/// <summary>
/// The web app's checks before a model load reaches the worker (the proxied <c>POST /models/load</c> and the Model
/// page alike): the reference must name a loadable file inside the model folders
/// (<see cref="ModelCatalog.ResolveLoadable"/>: a missing, unreadable or outside file all get the same answer), and
/// the file must not be one whose load crashed the worker (<see cref="WorkerSupervisor.FindBadFile"/>). The worker
/// checks the folders again itself.
/// </summary>
public static class ModelLoadGuard
{
    /// <summary>The error code for a reference that names no loadable file (the worker's own code for it).</summary>
    public const string ModelLoadFailedCode = "model_load_failed";

    /// <summary>The error code for a file that crashed the engine and has not changed since.</summary>
    public const string CrashedEngineCode = "model_crashed_engine";

    /// <summary>Resolves <paramref name="nameOrPath"/> to the canonical path to load.</summary>
    /// <param name="catalog">The model folders.</param>
    /// <param name="supervisor">Knows the files that crashed the worker.</param>
    /// <param name="nameOrPath">A file name from the catalog or a path, as the caller gave it.</param>
    /// <returns>The canonical full path of a loadable <c>.gguf</c> file inside a model folder.</returns>
    /// <exception cref="ModelLoadRefusedException">400 <see cref="ModelLoadFailedCode"/> (blank, or no loadable file:
    /// <see cref="ModelCatalog.NotLoadableMessage"/>), or 422 <see cref="CrashedEngineCode"/> ("This file crashed the
    /// engine at …").</exception>
    public static string Resolve(ModelCatalog catalog, WorkerSupervisor supervisor, string? nameOrPath)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(supervisor);
        if (string.IsNullOrWhiteSpace(nameOrPath))
            throw new ModelLoadRefusedException(StatusCodes.Status400BadRequest, ModelLoadFailedCode, "'path' must name a .gguf file.");
        var path = catalog.ResolveLoadable(nameOrPath)
            ?? throw new ModelLoadRefusedException(StatusCodes.Status400BadRequest, ModelLoadFailedCode, ModelCatalog.NotLoadableMessage);
        if (supervisor.FindBadFile(path) is { } bad)
            throw new ModelLoadRefusedException(StatusCodes.Status422UnprocessableEntity, CrashedEngineCode, bad.RefusalMessage);
        return path;
    }
}
