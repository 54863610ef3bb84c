using Workbench.Engine.Inference;

namespace Workbench.Web.Components.Widgets.Structured;

/// <summary>
/// The experiment runner: <see cref="RunsPerMode"/> generations per mode with seeds 1..N (the same seeds in every
/// mode), counting per mode how many replies parse as JSON and how many validate. Runs several generations at once
/// (the engine batches them as parallel sequences); the counts are safe to read while it runs.
/// </summary>
/// <param name="modes">The prepared modes.</param>
/// <param name="runsPerMode">N, ≥ 1.</param>
public sealed class SchemaExperiment(IReadOnlyList<ModeRequest> modes, int runsPerMode)
{
    private readonly Lock _gate = new();
    private readonly ModeTally[] _tallies = modes.Select(m => new ModeTally(m.Mode, 0, 0, 0)).ToArray();
    private int _completed;

    /// <summary>N: generations per mode.</summary>
    public int RunsPerMode { get; } = runsPerMode >= 1 ? runsPerMode : throw new ArgumentOutOfRangeException(nameof(runsPerMode), "At least one run per mode.");

    /// <summary>Generations in all: modes × N.</summary>
    public int Total => _tallies.Length * RunsPerMode;

    /// <summary>Generations finished so far.</summary>
    public int Completed => Volatile.Read(ref _completed);

    /// <summary>A snapshot of the counts, one per mode in the order given.</summary>
    public IReadOnlyList<ModeTally> Tallies
    {
        get { lock (_gate) return [.. _tallies]; }
    }

    /// <summary>Runs every generation, <paramref name="concurrency"/> at a time, seed by seed across the modes (so
    /// the counts grow evenly), calling <paramref name="progress"/> after each one (from any thread).</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="concurrency">Generations in flight at once, ≥ 1.</param>
    /// <param name="progress">Called after each finished generation.</param>
    /// <param name="cancellationToken">Stops the experiment; the counts so far remain.</param>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    /// <exception cref="EngineException">The engine refused a request; the experiment stops.</exception>
    public async Task RunAsync(IInferenceEngine engine, int concurrency, Action progress, CancellationToken cancellationToken)
    {
        var work = Enumerable.Range(1, RunsPerMode).SelectMany(seed => modes.Select((mode, index) => (Index: index, Mode: mode, Seed: (uint)seed)));
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency), CancellationToken = cancellationToken },
            async (item, ct) =>
            {
                var outcome = await item.Mode.RunAsync(engine, item.Seed, ct);
                lock (_gate) _tallies[item.Index] = _tallies[item.Index].Add(outcome.Verdict);
                Interlocked.Increment(ref _completed);
                progress();
            });
    }
}
