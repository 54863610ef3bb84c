namespace Workbench.Web.Hosting;

public sealed partial class WorkerSupervisor
{
    /// <summary>How long after a load request ended a worker exit is still blamed on it: the proxy may see the
    /// connection drop a moment before the supervisor sees the process exit.</summary>
    private static readonly TimeSpan CrashAttributionWindow = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, BadModelFile> _badFiles = new(StringComparer.Ordinal);
    private PendingLoad? _pendingLoad;

    /// <summary>Model files whose load crashed the worker and that have not changed since, oldest first.</summary>
    public IReadOnlyList<BadModelFile> BadFiles
    {
        get
        {
            lock (_gate) return [.. _badFiles.Values.Where(b => b.StillMatchesFile()).OrderBy(b => b.CrashedAt)];
        }
    }

    /// <summary>The mark on <paramref name="path"/> when loading it crashed the worker and the file has not changed
    /// since; null when it may be loaded. A mark whose file changed is dropped here.</summary>
    /// <param name="path">A canonical model path (<c>ModelCatalog.ResolveLoadable</c>).</param>
    public BadModelFile? FindBadFile(string path)
    {
        lock (_gate)
        {
            if (!_badFiles.TryGetValue(path, out var bad)) return null;
            if (bad.StillMatchesFile()) return bad;
            _badFiles.Remove(path);
        }
        _logger.LogInformation("Model file {Path} changed since it crashed the worker; it may be loaded again.", path);
        RaiseStateChanged();
        return null;
    }

    /// <summary>Notes that a load of <paramref name="path"/> is being sent to the current worker; dispose the result
    /// when the load's answer has ended. If that worker dies before then (or within a few seconds after), the file is
    /// recorded in <see cref="BadFiles"/> and the worker is restarted with the last good model as usual.</summary>
    /// <param name="path">A canonical model path (<c>ModelCatalog.ResolveLoadable</c>).</param>
    public IDisposable TrackModelLoad(string path)
    {
        var info = new FileInfo(path);
        var load = new PendingLoad(this, path, info.Exists ? info.Length : 0, info.Exists ? info.LastWriteTimeUtc : default, _worker);
        lock (_gate) _pendingLoad = load;
        return load;
    }

    /// <summary>Called when <paramref name="worker"/> exited unexpectedly: blames the load in flight on it, if any.</summary>
    private void BlameCrashedLoad(WorkerProcess worker, string failure)
    {
        BadModelFile bad;
        lock (_gate)
        {
            var load = _pendingLoad;
            if (load is null || !ReferenceEquals(load.Worker, worker)) return;
            if (load.EndedAt is { } ended && DateTimeOffset.UtcNow - ended > CrashAttributionWindow) return;
            _pendingLoad = null;
            bad = new BadModelFile(load.Path, load.SizeInBytes, load.LastWriteTimeUtc, DateTimeOffset.UtcNow, failure);
            _badFiles[load.Path] = bad;
        }
        _logger.LogError("Loading {Path} crashed the engine worker; the file is refused until it changes.", bad.Path);
        RaiseStateChanged();
    }

    private sealed class PendingLoad(WorkerSupervisor owner, string path, long size, DateTime lastWrite, WorkerProcess? worker) : IDisposable
    {
        public string Path { get; } = path;
        public long SizeInBytes { get; } = size;
        public DateTime LastWriteTimeUtc { get; } = lastWrite;
        public WorkerProcess? Worker { get; } = worker;
        public DateTimeOffset? EndedAt { get; private set; }

        /// <summary>Ends the load: forgotten at once when the worker now serves this file (it loaded), else kept
        /// for <see cref="CrashAttributionWindow"/> in case the worker's exit is noticed after the answer ended.</summary>
        public void Dispose()
        {
            lock (owner._gate)
            {
                EndedAt ??= DateTimeOffset.UtcNow;
                if (ReferenceEquals(owner._pendingLoad, this) && owner.Model?.Path == Path) owner._pendingLoad = null;
            }
        }
    }
}
