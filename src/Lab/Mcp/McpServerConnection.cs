using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Workbench.Lab.Mcp;

/// <summary>
/// One configured server's connection on the official SDK: a <see cref="StdioClientTransport"/> (the child's stderr
/// tail kept for errors) or an <see cref="HttpClientTransport"/> in streamable-HTTP mode, wrapped in a
/// <see cref="RecordingClientTransport"/>; the handshake, the first lists, <c>list_changed</c> re-lists, and the
/// watch on the session that turns a dead server into <see cref="McpServerStatus.Failed"/>. Connects and closes are
/// serialized; the snapshot is replaced on every change and <c>changed</c> is called after.
/// </summary>
internal sealed partial class McpServerConnection : IAsyncDisposable
{
    private static readonly string ClientVersion =
        typeof(McpServerConnection).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(McpServerConnection).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    private readonly McpOptions options;
    private readonly McpTrafficLog traffic;
    private readonly string settingsRoot;
    private readonly ILoggerFactory loggerFactory;
    private readonly ILogger logger;
    private readonly Action changed;
    private readonly SemaphoreSlim gate = new(1, 1);
    private McpClient? client;
    private RecordingClientTransport? transport;
    private McpStderrTail stderr = new();
    private int generation;
    private volatile McpServerSnapshot snapshot;

    public McpServerConnection(McpServerConfig config, bool fromConfigFile, McpOptions options, McpTrafficLog traffic,
        string settingsRoot, ILoggerFactory loggerFactory, Action changed)
    {
        Config = config;
        FromConfigFile = fromConfigFile;
        this.options = options;
        this.traffic = traffic;
        this.settingsRoot = settingsRoot;
        this.loggerFactory = loggerFactory;
        logger = loggerFactory.CreateLogger<McpServerRegistry>();
        this.changed = changed;
        snapshot = Empty(McpServerStatus.Connecting, null);
    }

    /// <summary>The configuration.</summary>
    public McpServerConfig Config { get; }

    /// <summary>True for entries of <c>Mcp:ConfigFile</c>.</summary>
    public bool FromConfigFile { get; }

    /// <summary>The server's configured name.</summary>
    public string Name => Config.Name;

    /// <summary>The latest snapshot.</summary>
    public McpServerSnapshot Snapshot => snapshot;

    private TimeSpan ConnectTimeout => TimeSpan.FromSeconds(options.ConnectTimeoutSeconds);

    private TimeSpan RequestTimeout => TimeSpan.FromSeconds(options.RequestTimeoutSeconds);

    /// <summary>Closes any current connection, then connects: process or HTTP session, <c>initialize</c>, the first
    /// lists, all within <see cref="McpOptions.ConnectTimeoutSeconds"/>. Never throws for a server that fails (the
    /// snapshot says why); only <paramref name="cancellationToken"/> cancels it.</summary>
    public async Task<McpServerSnapshot> ConnectAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await CloseCoreAsync().ConfigureAwait(false);
            int current = ++generation;
            stderr = new McpStderrTail();
            SetSnapshot(Empty(McpServerStatus.Connecting, null));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ConnectTimeout);
            string phase = "initialize";
            Task<McpClient>? creating = null;
            try
            {
                var recording = new RecordingClientTransport(CreateTransport(stderr), Name, traffic);
                transport = recording;
                creating = McpClient.CreateAsync(recording, ClientOptions(current), loggerFactory, timeout.Token);
                var created = await creating.WaitAsync(timeout.Token).ConfigureAwait(false);
                client = created;
                phase = "tools/list";
                var tools = await ListToolsAsync(created, timeout.Token).ConfigureAwait(false);
                var capabilities = created.ServerCapabilities;
                phase = "resources/list";
                var resources = capabilities.Resources is null ? [] : await ListResourcesAsync(created, timeout.Token).ConfigureAwait(false);
                phase = "prompts/list";
                var prompts = capabilities.Prompts is null ? [] : await ListPromptsAsync(created, timeout.Token).ConfigureAwait(false);
                SetSnapshot(snapshot with
                {
                    Status = McpServerStatus.Connected,
                    Error = null,
                    ServerName = created.ServerInfo?.Name,
                    ServerVersion = created.ServerInfo?.Version,
                    ProtocolVersion = created.NegotiatedProtocolVersion,
                    Instructions = created.ServerInstructions,
                    Capabilities = CapabilityNames(capabilities),
                    Tools = tools,
                    Resources = resources,
                    Prompts = prompts,
                    ConnectedAt = DateTimeOffset.UtcNow,
                });
                _ = WatchAsync(created, current);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                string error = $"no answer to {phase} within {options.ConnectTimeoutSeconds} s" + Tail();
                SetSnapshot(Empty(McpServerStatus.Failed, error));
                logger.LogWarning("MCP server {Server}: {Error}", Name, error);
                if (creating is not null) _ = DisposeLateAsync(creating);
                await CloseCoreAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                string error = Describe(e);
                SetSnapshot(Empty(McpServerStatus.Failed, error));
                logger.LogWarning(e, "MCP server {Server} failed to connect: {Error}", Name, error);
                await CloseCoreAsync().ConfigureAwait(false);
            }
            return snapshot;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Closes the connection (the child process is gone when this returns) and marks it stopped.</summary>
    public async ValueTask DisposeAsync()
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            generation++;
            await CloseCoreAsync().ConfigureAwait(false);
            snapshot = Empty(McpServerStatus.Stopped, null);
        }
        finally
        {
            gate.Release();
        }
    }

    private McpClientOptions ClientOptions(int current) => new()
    {
        ClientInfo = new Implementation { Name = "llm-workbench", Version = ClientVersion },
        InitializationTimeout = ConnectTimeout,
        Handlers = new McpClientHandlers
        {
            NotificationHandlers =
            [
                new(NotificationMethods.ToolListChangedNotification, (_, _) => Relist(current, "tools")),
                new(NotificationMethods.ResourceListChangedNotification, (_, _) => Relist(current, "resources")),
                new(NotificationMethods.PromptListChangedNotification, (_, _) => Relist(current, "prompts")),
            ],
        },
    };

    private IClientTransport CreateTransport(McpStderrTail tail)
    {
        if (Config.Transport == McpTransportKind.Http)
        {
            return new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = Config.Url!,
                Name = Name,
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = Config.Headers.ToDictionary(kv => kv.Key, kv => kv.Value),
                ConnectionTimeout = ConnectTimeout,
                MaxReconnectionAttempts = 0,
            }, loggerFactory);
        }
        string workingDirectory = Path.GetFullPath(Config.WorkingDirectory ?? ".", settingsRoot);
        if (!Directory.Exists(workingDirectory))
            throw new McpServerUnavailableException(Name, $"the working directory '{workingDirectory}' does not exist");
        string command = McpCommandResolver.Resolve(Config.Command!, workingDirectory)
            ?? throw new McpServerUnavailableException(Name, McpCommandResolver.NotFoundMessage(Config.Command!));
        return new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = Name,
            Command = command,
            Arguments = [.. Config.Args],
            WorkingDirectory = workingDirectory,
            EnvironmentVariables = Config.Env.ToDictionary(kv => kv.Key, kv => (string?)kv.Value),
            StandardErrorLines = tail.Add,
            ShutdownTimeout = TimeSpan.FromSeconds(1),
        }, loggerFactory);
    }

    // The session ended: the process exited, the HTTP session was closed, or we disposed it (generation moved on).
    private async Task WatchAsync(McpClient watched, int current)
    {
        var details = await watched.Completion.ConfigureAwait(false);
        if (Volatile.Read(ref generation) != current) return;
        string error = "the server closed the connection" + details switch
        {
            StdioClientCompletionDetails { ExitCode: { } code } => $" (the process exited with code {code})",
            HttpClientCompletionDetails { HttpStatusCode: { } status } => $" (HTTP {(int)status} {status})",
            _ when details.Exception is { } e => $" ({e.Message})",
            _ => "",
        } + Tail(details);
        logger.LogWarning(details.Exception, "MCP server {Server}: {Error}", Name, error);
        if (Volatile.Read(ref generation) == current)
            SetSnapshot(snapshot with { Status = McpServerStatus.Failed, Error = error });
    }

    private async Task CloseCoreAsync()
    {
        var (oldClient, oldTransport) = (client, transport);
        (client, transport) = (null, null);
        try
        {
            if (oldClient is not null) await oldClient.DisposeAsync().ConfigureAwait(false);
            if (oldTransport?.Session is { } session) await session.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogDebug(e, "MCP server {Server}: error while closing", Name);
        }
    }

    // A CreateAsync that ignored the cancellation and finished later: close what it made.
    private static async Task DisposeLateAsync(Task<McpClient> creating)
    {
        try
        {
            await (await creating.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // it failed on its own: nothing to close
        }
    }

    private void SetSnapshot(McpServerSnapshot value)
    {
        snapshot = value;
        changed();
    }

    private McpServerSnapshot Empty(McpServerStatus status, string? error) => new(
        Name, Config.Transport, status, error, Target(Config), FromConfigFile,
        null, null, null, null, [], [], [], [], null);

    private static string Target(McpServerConfig config) => config.Transport == McpTransportKind.Http
        ? config.Url!.AbsoluteUri
        : string.Join(' ', new[] { config.Command! }.Concat(config.Args.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a)));

    private static List<string> CapabilityNames(ServerCapabilities c)
    {
        var names = new List<string>();
        if (c.Tools is not null) names.Add("tools");
        if (c.Resources is not null) names.Add("resources");
        if (c.Prompts is not null) names.Add("prompts");
#pragma warning disable MCP9005 // logging is deprecated as of 2026-07-28, but servers of earlier revisions offer it
        if (c.Logging is not null) names.Add("logging");
#pragma warning restore MCP9005
        if (c.Completions is not null) names.Add("completions");
        return names;
    }

    private string Tail(ClientCompletionDetails? details = null)
    {
        string text = details is StdioClientCompletionDetails { StandardErrorTail: { Count: > 0 } lines } && stderr.ToString().Length == 0
            ? string.Join("\n", lines.TakeLast(McpStderrTail.Capacity))
            : stderr.ToString();
        return text.Length == 0 ? "" : ": " + text;
    }

    private string Describe(Exception e)
    {
        if (e is McpServerUnavailableException unavailable) return unavailable.Message;
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is ClientTransportClosedException { Details: StdioClientCompletionDetails { ExitCode: { } code } } closed)
                return $"the process exited with code {code}" + Tail(closed.Details);
            if (inner is HttpRequestException { StatusCode: { } status })
                return $"{Config.Url} answered HTTP {(int)status} {status}: not an MCP streamable-HTTP endpoint";
            if (inner is HttpRequestException http)
                return $"cannot reach {Config.Url}: {http.Message}";
        }
        if (Config.Transport == McpTransportKind.Stdio && e is IOException)
            return $"the process closed its output before answering initialize ({e.Message})" + Tail();
        return $"{e.Message}" + (Config.Transport == McpTransportKind.Stdio ? Tail() : "");
    }
}
