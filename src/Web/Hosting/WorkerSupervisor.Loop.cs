using System.Globalization;
using Workbench.Engine;

namespace Workbench.Web.Hosting;

public sealed partial class WorkerSupervisor
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);
    private const int UnhealthyChecksBeforeKill = 3;

    /// <summary>A worker that served this long counts as stable: the next crash starts the backoff again from
    /// <see cref="FirstBackoff"/>.</summary>
    private static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(60);

    private DateTimeOffset? _readySince;

    private async Task RunAsync(CancellationToken stopping)
    {
        var consecutive = 0;
        while (!stopping.IsCancellationRequested)
        {
            string failure;
            try
            {
                failure = await RunOneWorkerAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failure = $"The worker could not start: {e.Message}";
            }
            await StopWorkerAsync().ConfigureAwait(false);
            if (stopping.IsCancellationRequested) return;

            var now = DateTimeOffset.UtcNow;
            consecutive = _readySince is { } since && now - since >= StableAfter ? 1 : consecutive + 1;
            _readySince = null;
            var backoff = RestartBackoff(consecutive);
            lock (_gate)
            {
                LastError = failure;
                RestartCount++;
                BackoffUntil = now + backoff;
            }
            _logger.LogError("{Worker} stopped: {Failure}. Restart {Count} ({Consecutive} in a row) in {Delay} ms with model {Model}.",
                _role.Name, failure, RestartCount, consecutive, (int)backoff.TotalMilliseconds, _lastGoodModelPath ?? "(default)");
            SetState(WorkerState.Restarting, address: null);
            RaiseStateChanged();
            await Task.Delay(backoff, stopping).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            lock (_gate) BackoffUntil = null;
            RaiseStateChanged();
        }
    }

    /// <summary>The wait before the restart after <paramref name="consecutive"/> failures in a row: 250 ms doubling
    /// each time, at most <see cref="WebOptions.MaxRestartBackoffSeconds"/>. Restarts never stop.</summary>
    internal TimeSpan RestartBackoff(int consecutive)
    {
        var cap = TimeSpan.FromSeconds(_options.MaxRestartBackoffSeconds);
        var doubled = FirstBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(30, Math.Max(0, consecutive - 1)));
        return TimeSpan.FromMilliseconds(Math.Min(cap.TotalMilliseconds, doubled));
    }

    /// <summary>Starts one worker, waits until it answers, watches it; returns why it stopped.</summary>
    private async Task<string> RunOneWorkerAsync(CancellationToken stopping)
    {
        var worker = WorkerProcess.Start(BuildWorkerEnvironment(), _workerLog);
        _worker = worker;
        _logger.LogInformation("{Worker} {Pid} starting at {Address}.", _role.Name, worker.Id, worker.Address);
        var http = _httpClients.CreateClient(HttpClientName);
        var exited = worker.WaitForExitAsync(CancellationToken.None);

        using (var startTimeout = CancellationTokenSource.CreateLinkedTokenSource(stopping))
        {
            startTimeout.CancelAfter(TimeSpan.FromSeconds(_options.WorkerStartTimeoutSeconds));
            var healthy = WaitForHealthAsync(http, worker.Address, exited, startTimeout.Token);
            if (await Task.WhenAny(healthy, exited).ConfigureAwait(false) == exited)
            {
                return $"the worker exited during start-up with {worker.DescribeExit()}";
            }
            try
            {
                await healthy.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                return $"the worker did not answer /health within {_options.WorkerStartTimeoutSeconds} s";
            }
        }

        _logger.LogInformation("{Worker} {Pid} is ready at {Address}.", _role.Name, worker.Id, worker.Address);
        await RefreshModelAsync(worker.Address, stopping).ConfigureAwait(false);
        _readySince = DateTimeOffset.UtcNow;
        SetState(WorkerState.Ready, worker.Address);
        return await MonitorAsync(http, worker, exited, stopping).ConfigureAwait(false);
    }

    private static async Task WaitForHealthAsync(HttpClient http, Uri address, Task exited, CancellationToken cancellationToken)
    {
        while (!exited.IsCompleted)
        {
            var status = await WorkerProbe.HealthAsync(http, address, cancellationToken).ConfigureAwait(false);
            if (status is "ok" or "no_model") return;
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string> MonitorAsync(HttpClient http, WorkerProcess worker, Task exited, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_options.HealthCheckIntervalSeconds));
        var unhealthy = 0;
        string? lastStatus = "ok";
        while (true)
        {
            var tick = timer.WaitForNextTickAsync(stopping).AsTask();
            if (await Task.WhenAny(tick, exited).ConfigureAwait(false) == exited)
            {
                var failure = $"the worker {worker.Id} exited unexpectedly with {worker.DescribeExit()}";
                LastError = failure;
                BlameCrashedLoad(worker, failure);
                SetState(WorkerState.Restarting, address: null);
                return failure;
            }
            await tick.ConfigureAwait(false); // throws when stopping
            var status = await WorkerProbe.HealthAsync(http, worker.Address, stopping).ConfigureAwait(false);
            unhealthy = status is null ? unhealthy + 1 : 0;
            if (unhealthy >= UnhealthyChecksBeforeKill)
            {
                SetState(WorkerState.Restarting, address: null);
                return $"the worker {worker.Id} did not answer /health {UnhealthyChecksBeforeKill} times in a row and was killed";
            }
            if (status is not null && status != lastStatus)
            {
                lastStatus = status;
                if (status == "ok") await RefreshModelAsync(stopping).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The <c>Engine</c> section as <c>Engine__*</c> variables, paths (model directories, the output
    /// model directory, the native library directory) made absolute against the settings root, the default model replaced by the last model that loaded (else by the role's <see cref="WorkerRole.Model"/>), the <c>Logging</c> section,
    /// and <c>GGML_NO_BACKTRACE=1</c>.</summary>
    internal Dictionary<string, string> BuildWorkerEnvironment()
    {
        var section = _configuration.GetSection(EngineOptions.SectionName);
        var env = new Dictionary<string, string>(StringComparer.Ordinal) { ["GGML_NO_BACKTRACE"] = "1" };
        foreach (var (key, value) in section.AsEnumerable(makePathsRelative: true))
        {
            if (value is null || key.StartsWith(nameof(EngineOptions.ModelDirectories), StringComparison.OrdinalIgnoreCase)) continue;
            env[$"{EngineOptions.SectionName}__{key.Replace(":", "__", StringComparison.Ordinal)}"] = value;
        }
        foreach (var (key, value) in _configuration.GetSection("Logging").AsEnumerable(makePathsRelative: true))
        {
            if (value is not null) env[$"Logging__{key.Replace(":", "__", StringComparison.Ordinal)}"] = value;
        }
        var options = section.Get<EngineOptions>() ?? new EngineOptions();
        var directories = section.GetSection(nameof(EngineOptions.ModelDirectories)).Exists()
            ? section.GetSection(nameof(EngineOptions.ModelDirectories)).Get<string[]>() ?? []
            : options.ModelDirectories;
        for (var i = 0; i < directories.Length; i++)
        {
            env[$"Engine__ModelDirectories__{i.ToString(CultureInfo.InvariantCulture)}"] = WorkbenchPaths.Resolve(directories[i], _settingsRoot);
        }
        var model = _lastGoodModelPath ?? _role.Model ?? options.DefaultModel;
        if (model.Contains('/', StringComparison.Ordinal) || model.Contains('\\', StringComparison.Ordinal)) model = WorkbenchPaths.Resolve(model, _settingsRoot);
        env["Engine__DefaultModel"] = model;
        if (!string.IsNullOrWhiteSpace(options.OutputModelDirectory))
        {
            env["Engine__OutputModelDirectory"] = WorkbenchPaths.Resolve(options.OutputModelDirectory, _settingsRoot);
        }
        if (options.NativeLibraryDirectory.Length > 0)
        {
            env["Engine__NativeLibraryDirectory"] = WorkbenchPaths.Resolve(options.NativeLibraryDirectory, _settingsRoot);
        }
        return env;
    }
}
