using Microsoft.Extensions.Options;
using Workbench.Engine.Inference;
using Workbench.Engine.Models;
using Workbench.Engine.Serving;
using Workbench.Lab.Backends;
using Workbench.Lab.Quotas;

namespace Workbench.Web.Hosting;

/// <summary>
/// The second supervised engine worker (issue 15): it serves the lab's trained tool-calling model
/// (<see cref="SettingKey"/>, default <see cref="DefaultFileName"/>) beside the main worker's default model, so the
/// tool calling, MCP and coding agent modules get a model that decides to call tools while chat keeps the story
/// model. A <see cref="WorkerSupervisor"/> with a <see cref="WorkerRole"/> pinned to that file does the work
/// (restart with backoff, crash reports), but it is <b>started lazily</b>: on the first request that needs it
/// (<see cref="EnsureReadyAsync"/>), so an app that never uses it starts no second process.
/// <para>The setting is resolved once, at construction, by <see cref="ModelCatalog.ResolveLoadable"/> (a file name
/// with or without <c>.gguf</c> in <c>Engine:ModelDirectories</c>, or a path inside them). Empty = the feature is off
/// and the backend is not listed; a file that is not found = off with one warning in the log and
/// <see cref="Note"/> in <c>/api/backends</c> and <c>/health</c>; requests naming it are OpenAI's 404
/// <c>model_not_found</c>. Nothing here throws at start-up.</para>
/// <para>Registered as a singleton, as <see cref="IToolModelBackend"/> and as a hosted service whose
/// <see cref="StopAsync"/> stops the worker with the app.</para>
/// </summary>
public sealed class ToolModelWorker : IToolModelBackend, IHostedService, IAsyncDisposable
{
    /// <summary>The configuration key of the tool model: a file name or path resolved by the <see cref="ModelCatalog"/>.</summary>
    public const string SettingKey = "Engine:ToolModel";

    /// <summary>The file name used when <see cref="SettingKey"/> is absent: the model <c>src/Train</c> writes to <c>models/</c>.</summary>
    public const string DefaultFileName = "workbench-tools.gguf";

    private readonly WebOptions _options;
    private readonly ILogger<ToolModelWorker> _logger;
    private readonly string? _configured;
    private readonly Lazy<IInferenceEngine> _engine;

    /// <summary>Resolves the setting and prepares (does not start) the worker.</summary>
    /// <param name="options">The <c>Web</c> settings (start timeout, backoff, health interval).</param>
    /// <param name="configuration">The app configuration (<see cref="SettingKey"/> and the <c>Engine</c> section the worker gets).</param>
    /// <param name="settingsRoot">Base of relative paths (<see cref="WorkbenchPaths.FindSettingsRoot"/>).</param>
    /// <param name="catalog">The model folders.</param>
    /// <param name="httpClients">Supplies <see cref="WorkerSupervisor.HttpClientName"/>.</param>
    /// <param name="loggerFactory">Logs; the worker's own lines go under <c>Workbench.ToolWorker</c>.</param>
    /// <param name="gate">The quota gate, when the app has one: <see cref="Engine"/> is charged through it.</param>
    public ToolModelWorker(IOptions<WebOptions> options, IConfiguration configuration, string settingsRoot, ModelCatalog catalog,
        IHttpClientFactory httpClients, ILoggerFactory loggerFactory, EngineAccessGate? gate = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(catalog);
        _options = options.Value;
        _logger = loggerFactory.CreateLogger<ToolModelWorker>();
        var setting = configuration[SettingKey];
        _configured = setting is null ? DefaultFileName : setting.Trim().Length == 0 ? null : setting.Trim();
        if (_configured is null)
        {
            Note = $"{SettingKey} is empty: the tool model is off.";
        }
        else if (catalog.ResolveLoadable(_configured) is { } path)
        {
            ModelPath = path;
            Supervisor = new WorkerSupervisor(options, configuration, settingsRoot, httpClients, loggerFactory,
                new WorkerRole("Tool model worker", "Workbench.ToolWorker", path));
        }
        else
        {
            Note = $"The tool model '{_configured}' ({SettingKey}) is not in the model folders "
                + $"({string.Join(", ", catalog.SearchedDirectories)}): the {IChatBackends.ToolModelName} backend is off. "
                + "Train it with src/Train, or point Engine:ToolModel at another model.";
            _logger.LogWarning("{Note}", Note);
        }
        _engine = new Lazy<IInferenceEngine>(() =>
        {
            var http = httpClients.CreateClient(WorkerSupervisor.HttpClientName);
            IInferenceEngine engine = new ToolModelInferenceEngine(new RemoteInferenceEngine(http, () => Supervisor?.Address), this);
            return gate is null ? engine : new QuotaInferenceEngine(engine, gate, caller: null, ownsInner: true);
        });
    }

    /// <summary>The tool worker's supervisor, or null while the feature is off (no setting, no file). Not started
    /// before first use (<see cref="WorkerSupervisor.IsStarted"/>).</summary>
    public WorkerSupervisor? Supervisor { get; }

    /// <summary>The tool model's canonical path, or null while the feature is off.</summary>
    public string? ModelPath { get; }

    /// <inheritdoc />
    public bool IsConfigured => _configured is not null;

    /// <inheritdoc />
    public bool IsAvailable => Supervisor is not null;

    /// <inheritdoc />
    public string? Note { get; }

    /// <inheritdoc />
    public string? ModelFileName => ModelPath is { } path ? Path.GetFileName(path) : _configured is { } c ? Path.GetFileName(c) : null;

    /// <inheritdoc />
    public int? ContextWindow => Supervisor?.Model?.ContextSize;

    /// <inheritdoc />
    public IInferenceEngine Engine => _engine.Value;

    /// <summary>Whether a request's <c>model</c> names the tool model, OpenAI's way: its file name with or without
    /// <c>.gguf</c> (configured or found), or the id the tool worker's <c>/v1/models</c> reports. Compared exactly
    /// (ordinal), as the worker itself checks <c>model</c>. True also while the feature is off with a configured
    /// name, so such requests get 404 <c>model_not_found</c> rather than the default model.</summary>
    /// <param name="model">The request's <c>model</c>; null or blank never matches.</param>
    public bool Names(string? model)
    {
        if (string.IsNullOrWhiteSpace(model) || ModelFileName is not { } file) return false;
        return model == file || model == Path.GetFileNameWithoutExtension(file)
            || Supervisor?.Model?.Id is { } id && (model == id || model == Path.GetFileNameWithoutExtension(id));
    }

    /// <summary>Starts the worker on first use and waits until it serves (also while it restarts after a crash),
    /// at most <see cref="WebOptions.WorkerStartTimeoutSeconds"/>.</summary>
    /// <param name="cancellationToken">Cancels the wait (the worker keeps starting).</param>
    /// <returns>The worker's base address.</returns>
    /// <exception cref="EngineUnavailableException">The feature is off (<see cref="Note"/>), or the worker did not
    /// become ready in time (with its last error).</exception>
    public async Task<Uri> EnsureReadyAsync(CancellationToken cancellationToken)
    {
        if (Supervisor is not { } supervisor) throw new EngineUnavailableException(Note ?? "The tool model is off.");
        if (supervisor.Address is { } ready) return ready;
        if (!supervisor.IsStarted)
        {
            _logger.LogInformation("Starting the tool model worker for {Model} on first use.", ModelFileName);
            await supervisor.StartAsync(CancellationToken.None).ConfigureAwait(false);
        }
        try
        {
            await supervisor.WaitUntilReadyAsync(TimeSpan.FromSeconds(_options.WorkerStartTimeoutSeconds), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new EngineUnavailableException($"The tool model worker is not ready ({supervisor.State.ToString().ToLowerInvariant()}"
                + (supervisor.LastError is { } error ? $": {error}" : "") + "); try again in a moment.", e);
        }
        return supervisor.Address ?? throw new EngineUnavailableException("The tool model worker is restarting; try again in a moment.");
    }

    /// <summary>Nothing starts with the app: the worker starts on first use.</summary>
    /// <param name="cancellationToken">Unused.</param>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Stops the worker if it was started.</summary>
    /// <param name="cancellationToken">Abandons waiting for the supervisor's loop.</param>
    public Task StopAsync(CancellationToken cancellationToken) =>
        Supervisor is { IsStarted: true } supervisor ? supervisor.StopAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Kills the worker if <see cref="StopAsync"/> did not run.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Supervisor is { } supervisor) await supervisor.DisposeAsync().ConfigureAwait(false);
    }
}
