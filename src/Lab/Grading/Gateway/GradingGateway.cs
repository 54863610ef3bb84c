using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workbench.Engine;
using Workbench.Engine.Inference;
using Workbench.Engine.Models;
using Workbench.Engine.Serving;
using Workbench.Lab.Quotas;

namespace Workbench.Lab.Grading.Gateway;

/// <summary>
/// The sandbox's only way to the engine: the engine's OpenAI-compatible API (<see cref="OpenAiApi.MapOpenAiApi"/>
/// over the host's <see cref="IInferenceEngine"/>) served by Kestrel on a Unix domain socket. A socket is a path in
/// the file system, so it is reachable from the sandbox's empty network namespace while TCP is not.
/// </summary>
/// <remarks>
/// Every request must carry <c>Authorization: Bearer &lt;token&gt;</c> of a run registered with
/// <see cref="Register"/> (otherwise 401, OpenAI's error envelope, code <c>invalid_api_key</c>); the request then
/// runs as that run's <see cref="EngineCaller"/> (<see cref="EngineCallerContext"/>), so quotas and fair queueing
/// apply to the student. A run's token records each exchange in its <see cref="GatewayExchangeLog"/>, which the
/// hidden checks read (the sandboxed code cannot touch it). Only the inference and information routes are served (<c>/v1/chat/completions</c>,
/// <c>/v1/completions</c>, <c>/v1/models</c>, <c>/tokenize</c>, <c>/detokenize</c>, <c>/apply-template</c>,
/// <c>/props</c>, <c>/health</c>); loading a model is not (404). One long-lived server, started on first use and
/// stopped when the host disposes it. Socket: <c>{temp}/wb-gateway-&lt;pid&gt;-&lt;random&gt;.sock</c>, mode 0666
/// (the sandbox runs as user nobody).
/// </remarks>
public sealed class GradingGateway : IAsyncDisposable, IDisposable
{
    /// <summary>The endpoint's root URI as sandboxed code sees it (the host name is only a label).</summary>
    public static readonly Uri Endpoint = new("http://lab.workbench/");

    private static readonly HashSet<string> AllowedPaths = new(StringComparer.Ordinal)
    {
        "/v1/chat/completions", "/v1/completions", "/v1/models", "/tokenize", "/detokenize", "/apply-template", "/props", "/health",
    };

    private readonly ConcurrentDictionary<string, (EngineCaller Caller, GatewayExchangeLog? Log)> _callers = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _startGate = new(1, 1);
    private readonly IInferenceEngine _engine;
    private readonly IServiceProvider _hostServices;
    private readonly ILoggerFactory _loggers;
    private WebApplication? _app;

    /// <summary>Creates the gateway (nothing starts until <see cref="StartAsync"/>).</summary>
    /// <param name="engine">The host's engine (the quota-wrapped one where quotas are registered).</param>
    /// <param name="loggers">The host's loggers (the gateway logs through them).</param>
    /// <param name="hostServices">The host's services: <see cref="EngineOptions"/> (or its <c>IOptions</c>) and
    /// <see cref="ModelCatalog"/> are taken from here when present, as the API's endpoints expect them.</param>
    public GradingGateway(IInferenceEngine engine, ILoggerFactory loggers, IServiceProvider hostServices)
    {
        _engine = engine;
        _loggers = loggers;
        _hostServices = hostServices;
    }

    /// <summary>The socket's path once started; null before.</summary>
    public string? SocketPath { get; private set; }

    /// <summary>Starts the server if it is not running yet.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The socket's path.</returns>
    /// <exception cref="IOException">The socket cannot be created.</exception>
    public async Task<string> StartAsync(CancellationToken cancellationToken)
    {
        if (SocketPath is { } running) return running;
        await _startGate.WaitAsync(cancellationToken);
        try
        {
            if (SocketPath is { } started) return started;
            var path = ChooseSocketPath();
            _app = Build(path);
            await _app.StartAsync(cancellationToken);
            // Connecting needs write permission on the socket; the sandbox runs as user nobody. The token guards it.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead
                    | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
            }
            _loggers.CreateLogger<GradingGateway>().LogInformation("Grading gateway listening on unix:{Path}.", path);
            SocketPath = path;
            return path;
        }
        finally
        {
            _startGate.Release();
        }
    }

    /// <summary>Issues a token for one sandbox run (or for the judge's own requests); requests with it run as
    /// <paramref name="caller"/>.</summary>
    /// <param name="caller">Who the run's engine use is charged to.</param>
    /// <param name="recordExchanges">Record every request made with the token (after authentication: method, path,
    /// request and response bodies, status) in <see cref="GatewayRegistration.Exchanges"/>. True for the student's
    /// sandbox, false for the checks' own client.</param>
    /// <returns>The registration; dispose it when the run ends.</returns>
    public GatewayRegistration Register(EngineCaller caller, bool recordExchanges = true)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var token = RandomNumberGenerator.GetHexString(64, lowercase: true);
        var log = recordExchanges ? new GatewayExchangeLog() : null;
        _callers[token] = (caller, log);
        return new GatewayRegistration(token, log, t => _callers.TryRemove(t, out _));
    }

    /// <summary>Stops the server and removes the socket (idempotent; blocks until stopped).</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Stops the server and removes the socket (idempotent).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _app, null) is { } app)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        if (SocketPath is { } path && File.Exists(path)) File.Delete(path);
    }

    private WebApplication Build(string socketPath)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        // Nothing from the app's configuration (appsettings.json, ASPNETCORE_URLS, a Kestrel section): the socket
        // below is the only endpoint.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.WebHost.UseSetting(WebHostDefaults.PreferHostingUrlsKey, "false");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenUnixSocket(socketPath));
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(_loggers);
        builder.Services.AddSingleton(_engine);
        var engineOptions = _hostServices.GetService<EngineOptions>() ?? _hostServices.GetService<IOptions<EngineOptions>>()?.Value ?? new EngineOptions();
        builder.Services.AddSingleton(engineOptions);
        builder.Services.AddSingleton(_hostServices.GetService<ModelCatalog>() ?? new ModelCatalog(engineOptions, AppContext.BaseDirectory));

        var app = builder.Build();
        app.Use(AuthenticateAsync);
        app.MapOpenAiApi();
        return app;
    }

    /// <summary>401 without a registered token, 404 outside the allowed routes; otherwise runs the request as the
    /// token's caller.</summary>
    private async Task AuthenticateAsync(HttpContext http, RequestDelegate next)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : "";
        if (!_callers.TryGetValue(token, out var registered))
        {
            await WriteErrorAsync(http, StatusCodes.Status401Unauthorized, "invalid_api_key",
                "This endpoint needs the lab's bearer token: use the HttpClient from LabContext.CreateHttpClient().");
            return;
        }
        if (registered.Log is { } log)
        {
            await GatewayRecording.RecordAsync(http, log, () => ServeAsync(http, next, registered.Caller));
            return;
        }
        await ServeAsync(http, next, registered.Caller);
    }

    private static async Task ServeAsync(HttpContext http, RequestDelegate next, EngineCaller caller)
    {
        if (!AllowedPaths.Contains(http.Request.Path.Value ?? ""))
        {
            await WriteErrorAsync(http, StatusCodes.Status404NotFound, "not_found", $"{http.Request.Path} is not available to lab code.");
            return;
        }
        using (EngineCallerContext.Begin(caller))
        {
            await next(http);
        }
    }

    private static Task WriteErrorAsync(HttpContext http, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        var envelope = new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = "invalid_request_error", ["param"] = null, ["code"] = code },
        };
        return http.Response.WriteAsync(envelope.ToJsonString(), http.RequestAborted);
    }

    /// <summary>In the temp folder, not the data directory: the sandbox hides the data directory from the code it
    /// runs, and a socket path must be short (108 bytes).</summary>
    private static string ChooseSocketPath() => Path.Combine(Path.GetTempPath(),
        $"wb-gateway-{Environment.ProcessId}-{RandomNumberGenerator.GetHexString(8, lowercase: true)}.sock");
}
