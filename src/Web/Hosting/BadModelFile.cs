using System.Globalization;

namespace Workbench.Web.Hosting;

/// <summary>A model file whose load crashed the engine worker, as <see cref="WorkerSupervisor"/> remembers it. The
/// file is known by its canonical path and by the size and modification time it had when it was loaded: once
/// either changes (the file was fixed or replaced) the mark no longer applies and the file may be loaded again.</summary>
/// <param name="Path">Canonical full path (as <c>ModelCatalog.ResolveLoadable</c> returns it).</param>
/// <param name="SizeInBytes">The file's size when it crashed the worker, in bytes.</param>
/// <param name="LastWriteTimeUtc">The file's modification time then (UTC).</param>
/// <param name="CrashedAt">When the worker died during its load (UTC).</param>
/// <param name="Error">How the worker died (<see cref="WorkerSupervisor.LastError"/> of that crash).</param>
public sealed record BadModelFile(string Path, long SizeInBytes, DateTime LastWriteTimeUtc, DateTimeOffset CrashedAt, string Error)
{
    /// <summary>The refusal shown when this file is asked for again: "This file crashed the engine at &lt;time&gt;: …".</summary>
    public string RefusalMessage =>
        $"This file crashed the engine at {CrashedAt.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)}: {Error}. "
        + "It is not loaded again until it changes (fix or replace the file; a new size or modification time allows a retry).";

    /// <summary>Whether the file at <see cref="Path"/> still has the recorded size and modification time.</summary>
    public bool StillMatchesFile()
    {
        var info = new FileInfo(Path);
        return info.Exists && info.Length == SizeInBytes && info.LastWriteTimeUtc == LastWriteTimeUtc;
    }
}
