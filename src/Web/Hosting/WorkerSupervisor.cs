using Microsoft.Extensions.Options;
using Workbench.Engine;
using Workbench.Engine.Inference;

namespace Workbench.Web.Hosting;

/// <summary>
/// Starts the engine worker process (the same executable with <c>--engine-worker</c>) on a free loopback port,
/// watches it (exit event plus a periodic <c>/health</c> check) and restarts it after a crash with backoff, so a
/// native abort in llama.cpp never takes the web server down. A restarted worker loads the last model that loaded
/// successfully, never one whose load crashed it; the file whose load crashed it is remembered in
/// <see cref="BadFiles"/> and refused until it changes. Restarts back off (250 ms doubling up to
/// <see cref="WebOptions.MaxRestartBackoffSeconds"/>) but never stop: one bad model cannot stop the engine for good.
/// </summary>
public sealed partial class WorkerSupervisor : IHostedService, IAsyncDisposable
{
    /// <summary>Name of the <see cref="HttpClient"/> (IHttpClientFactory) used to reach the worker: no timeout
    /// (streams last as long as generation), short connect timeout.</summary>
    public const string HttpClientName = "engine-worker";

    private readonly WebOptions _options;
    private readonly IConfiguration _configuration;
    private readonly string _settingsRoot;
    private readonly IHttpClientFactory _httpClients;
    private readonly ILogger<WorkerSupervisor> _logger;
    private readonly ILogger _workerLog;
    private readonly WorkerRole _role;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Task? _loop;
    private WorkerProcess? _worker;
    private string? _lastGoodModelPath;

    /// <summary>Creates the supervisor; nothing starts before <see cref="StartAsync"/>.</summary>
    /// <param name="options">The <c>Web</c> settings.</param>
    /// <param name="configuration">The app configuration; its <c>Engine</c> section is handed to the worker.</param>
    /// <param name="settingsRoot">Relative model paths resolve against it (<see cref="WorkbenchPaths.FindSettingsRoot"/>).</param>
    /// <param name="httpClients">Supplies <see cref="HttpClientName"/>.</param>
    /// <param name="loggerFactory">Logs of the supervisor and, under <c>Workbench.Worker</c> (the role's
    /// <see cref="WorkerRole.LogCategory"/>), the worker's output.</param>
    /// <param name="role">Which worker this is; null = <see cref="WorkerRole.Main"/>. A role with a
    /// <see cref="WorkerRole.Model"/> starts its worker with that model instead of <c>Engine:DefaultModel</c>.</param>
    public WorkerSupervisor(IOptions<WebOptions> options, IConfiguration configuration, string settingsRoot,
        IHttpClientFactory httpClients, ILoggerFactory loggerFactory, WorkerRole? role = null)
    {
        _role = role ?? WorkerRole.Main;
        _options = options.Value;
        _configuration = configuration;
        _settingsRoot = settingsRoot;
        _httpClients = httpClients;
        _logger = loggerFactory.CreateLogger<WorkerSupervisor>();
        _workerLog = loggerFactory.CreateLogger(_role.LogCategory);
    }

    /// <summary>Which worker this supervisor runs.</summary>
    public WorkerRole Role => _role;

    /// <summary>Whether <see cref="StartAsync"/> has run (a lazily started supervisor has not until first use).</summary>
    public bool IsStarted => _loop is not null;

    /// <summary>What the worker is doing now.</summary>
    public WorkerState State { get; private set; } = WorkerState.Starting;

    /// <summary>Raised on the supervisor's thread after <see cref="State"/>, <see cref="Model"/>,
    /// <see cref="LastError"/>, <see cref="BackoffUntil"/> or <see cref="BadFiles"/> changed. Handlers must be quick
    /// and must not throw (exceptions are logged).</summary>
    public event Action? StateChanged;

    /// <summary>The worker's base address (<c>http://127.0.0.1:&lt;port&gt;/</c>), or null unless
    /// <see cref="State"/> is <see cref="WorkerState.Ready"/>.</summary>
    public Uri? Address { get; private set; }

    /// <summary>Restarts so far (crashes, unresponsive workers and failed starts).</summary>
    public int RestartCount { get; private set; }

    /// <summary>Why the last worker stopped or failed to start (exit code or signal, and the native error line
    /// when there is one), or null when none has.</summary>
    public string? LastError { get; private set; }

    /// <summary>The model the worker serves (from its <c>/props</c>, refreshed after start and after loads), or null.</summary>
    public ModelInfo? Model { get; private set; }

    /// <summary>While the supervisor waits before a restart: when the next worker starts (UTC); else null.</summary>
    public DateTimeOffset? BackoffUntil { get; private set; }

    /// <summary>The worker's process id while one runs, else null.</summary>
    public int? ProcessId => _worker is { HasExited: false } w ? w.Id : null;

    /// <summary>Starts supervising in the background; returns at once (the web app serves while the worker starts).</summary>
    /// <param name="cancellationToken">Unused: start-up does not wait for the worker.</param>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate) _loop ??= Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Kills the worker and stops supervising.</summary>
    /// <param name="cancellationToken">Abandons waiting for the loop to finish.</param>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_stopping.IsCancellationRequested) await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null) await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        await StopWorkerAsync().ConfigureAwait(false);
        SetState(WorkerState.Stopped, address: null);
    }

    /// <summary>Completes when <see cref="State"/> is <see cref="WorkerState.Ready"/>.</summary>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="TimeoutException">Not ready in time, or the supervisor stopped.</exception>
    public async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check()
        {
            if (State == WorkerState.Ready) ready.TrySetResult();
            else if (State is WorkerState.Stopped) ready.TrySetException(new TimeoutException($"The worker is {State}: {LastError}"));
        }
        StateChanged += Check;
        try
        {
            Check();
            await ready.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            StateChanged -= Check;
        }
    }

    /// <summary>Re-reads the served model from the worker's <c>/props</c> and remembers it as the model a
    /// restarted worker loads. Called after model loads; failures are logged and ignored.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task RefreshModelAsync(CancellationToken cancellationToken)
    {
        if (Address is { } address) await RefreshModelAsync(address, cancellationToken).ConfigureAwait(false);
    }

    private async Task RefreshModelAsync(Uri address, CancellationToken cancellationToken)
    {
        var model = await WorkerProbe.ReadModelAsync(_httpClients.CreateClient(HttpClientName), address, _logger, cancellationToken).ConfigureAwait(false);
        if (model is null || Equals(model.Path, Model?.Path) && Model is not null) return;
        lock (_gate)
        {
            Model = model;
            _lastGoodModelPath = model.Path;
        }
        _logger.LogInformation("{Worker} serves {Model} ({Path}).", _role.Name, model.Id, model.Path);
        RaiseStateChanged();
    }

    /// <summary>Kills the worker if <see cref="StopAsync"/> did not run.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested) await _stopping.CancelAsync().ConfigureAwait(false);
        await StopWorkerAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private void SetState(WorkerState state, Uri? address)
    {
        lock (_gate)
        {
            if (State == state && Address == address) return;
            State = state;
            Address = address;
        }
        RaiseStateChanged();
    }

    private void RaiseStateChanged()
    {
        foreach (var handler in StateChanged?.GetInvocationList() ?? [])
        {
            try
            {
                ((Action)handler)();
            }
            catch (Exception e)
            {
                _logger.LogError(e, "A WorkerSupervisor.StateChanged handler threw.");
            }
        }
    }

    private async Task StopWorkerAsync()
    {
        var worker = Interlocked.Exchange(ref _worker, null);
        if (worker is not null) await worker.DisposeAsync().ConfigureAwait(false);
    }
}
