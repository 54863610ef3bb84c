using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Workbench.Lab.Mcp;

/// <summary>
/// The lab's <see cref="IMcpServerRegistry"/> on the official C# SDK (<c>ModelContextProtocol</c> 2.4.0). Nothing
/// happens until the first use of any member: then <see cref="McpOptions.HostServers"/> and the entries of
/// <see cref="McpOptions.ConfigFile"/> are added and each connects in the background on its own task
/// (<see cref="Servers"/> shows <see cref="McpServerStatus.Connecting"/> meanwhile). Disposal closes every
/// connection (child processes are gone when it returns).
/// </summary>
public sealed partial class McpServerRegistry : IMcpServerRegistry, IAsyncDisposable
{
    private readonly McpOptions options;
    private readonly string settingsRoot;
    private readonly ILoggerFactory loggerFactory;
    private readonly ILogger logger;
    private readonly List<McpServerConnection> servers = [];
    private readonly Lock gate = new();
    private int started;
    private bool disposed;
    private volatile string? configError;

    /// <summary>Creates the registry (connects nothing yet).</summary>
    /// <param name="options">The <c>Mcp</c> options; <see cref="McpOptions.ConfigFile"/> should be absolute
    /// (a relative one resolves against <paramref name="settingsRoot"/>).</param>
    /// <param name="settingsRoot">Where relative config paths and a stdio server's default <c>cwd</c> resolve.</param>
    /// <param name="loggerFactory">Logging for the registry and the SDK; null = none.</param>
    public McpServerRegistry(IOptions<McpOptions> options, string settingsRoot, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.settingsRoot = Path.GetFullPath(settingsRoot);
        this.loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        logger = this.loggerFactory.CreateLogger<McpServerRegistry>();
        Traffic = new McpTrafficLog(this.options.TrafficCapacity);
    }

    /// <inheritdoc/>
    public McpTrafficLog Traffic { get; }

    /// <inheritdoc/>
    public event Action? Changed;

    /// <inheritdoc/>
    public string? ConfigError
    {
        get
        {
            EnsureStarted();
            return configError;
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<McpServerSnapshot> Servers
    {
        get
        {
            EnsureStarted();
            lock (gate) return [.. servers.Select(s => s.Snapshot)];
        }
    }

    /// <inheritdoc/>
    public McpServerSnapshot? Find(string name) => Lookup(name)?.Snapshot;

    /// <inheritdoc/>
    public async Task<McpServerSnapshot> AddAsync(McpServerConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        EnsureStarted();
        var checkedConfig = Validate(config);
        var connection = Register(checkedConfig, fromConfigFile: false);
        Changed?.Invoke();
        return await connection.ConnectAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<bool> RemoveAsync(string name, CancellationToken cancellationToken = default)
    {
        EnsureStarted();
        McpServerConnection? connection;
        lock (gate)
        {
            connection = servers.FirstOrDefault(s => s.Name == name);
            if (connection is null) return false;
            servers.Remove(connection);
        }
        await connection.DisposeAsync().ConfigureAwait(false);
        Changed?.Invoke();
        return true;
    }

    /// <inheritdoc/>
    public Task<McpServerSnapshot> ReconnectAsync(string name, CancellationToken cancellationToken = default) =>
        Get(name).ConnectAsync(cancellationToken);

    /// <summary>Waits until no server is <see cref="McpServerStatus.Connecting"/> (for hosts and tests that need
    /// the start-up connections settled).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    public async Task WaitForConnectionsAsync(CancellationToken cancellationToken = default)
    {
        while (Servers.Any(s => s.Status == McpServerStatus.Connecting))
            await Task.Delay(25, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes every connection; the registry is unusable after.</summary>
    public async ValueTask DisposeAsync()
    {
        McpServerConnection[] all;
        lock (gate)
        {
            if (disposed) return;
            disposed = true;
            all = [.. servers];
            servers.Clear();
        }
        await Task.WhenAll(all.Select(s => s.DisposeAsync().AsTask())).ConfigureAwait(false);
    }

    private void EnsureStarted()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (Interlocked.Exchange(ref started, 1) == 1) return;
        var entries = new List<(McpServerConfig Config, bool FromFile)>();
        entries.AddRange(options.HostServers.Select(s => (s, false)));
        try
        {
            entries.AddRange(ReadConfigFile().Select(s => (s, true)));
        }
        catch (McpConfigException e)
        {
            configError = e.Message;
            logger.LogError("MCP configuration {File}: {Error}", options.ConfigFile, e.Message);
        }
        foreach (var (config, fromFile) in entries)
        {
            McpServerConnection connection;
            try
            {
                connection = Register(Validate(config), fromFile);
            }
            catch (McpConfigException e)
            {
                configError = configError is null ? e.Message : configError + "\n" + e.Message;
                logger.LogError("MCP configuration: {Error}", e.Message);
                continue;
            }
            _ = Task.Run(() => connection.ConnectAsync(CancellationToken.None));
        }
    }

    private IReadOnlyList<McpServerConfig> ReadConfigFile()
    {
        if (string.IsNullOrWhiteSpace(options.ConfigFile)) return [];
        string path = Path.GetFullPath(options.ConfigFile, settingsRoot);
        if (!File.Exists(path)) return [];
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new McpConfigException($"The MCP configuration '{path}' cannot be read: {e.Message}");
        }
        return McpServersConfigFile.Parse(text);
    }

    private McpServerConnection Register(McpServerConfig config, bool fromConfigFile)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (servers.Any(s => s.Name == config.Name))
                throw new McpConfigException($"An MCP server named '{config.Name}' is already configured.");
            if (servers.Count >= options.MaxServers)
                throw new McpConfigException($"At most {options.MaxServers} MCP servers can be configured (Mcp:MaxServers); '{config.Name}' was not added.");
            var connection = new McpServerConnection(config, fromConfigFile, options, Traffic, settingsRoot, loggerFactory, RaiseChanged);
            servers.Add(connection);
            return connection;
        }
    }

    // The same rules as the config file's (McpServersConfigFile.ParseEntry), for entries built in code.
    private static McpServerConfig Validate(McpServerConfig config)
    {
        if (config.Command is null == config.Url is null)
            throw new McpConfigException($"MCP server '{config.Name}' needs exactly one of a command (stdio) or a url (streamable HTTP).");
        var entry = System.Text.Json.Nodes.JsonNode.Parse(McpServersConfigFile.Write([config]))!["mcpServers"]![config.Name];
        _ = McpServersConfigFile.ParseEntry(config.Name, entry);
        return config;
    }

    private void RaiseChanged()
    {
        try
        {
            Changed?.Invoke();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogError(e, "An MCP registry Changed handler threw");
        }
    }

    private McpServerConnection? Lookup(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        EnsureStarted();
        lock (gate) return servers.FirstOrDefault(s => s.Name == name);
    }

    private McpServerConnection Get(string name) => Lookup(name) ?? throw new McpServerNotFoundException(name);
}
