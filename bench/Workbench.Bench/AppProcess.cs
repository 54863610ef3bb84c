using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Workbench.Bench;

/// <summary>The built Workbench.Web apphost started as a child process on a loopback port: either the web app
/// (which supervises its own worker) or, with <c>--engine-worker</c>, the engine worker alone.</summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    public Uri BaseAddress { get; }

    private AppProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    /// <summary>Starts the apphost and waits until <c>GET /health</c> answers 200 (model loaded).</summary>
    /// <param name="appHost">Path of the Workbench.Web executable.</param>
    /// <param name="worker">Start the engine worker (<c>--engine-worker</c>) instead of the web app.</param>
    /// <param name="environment">Extra environment (the Engine__* settings); the worker of the web app inherits it.</param>
    /// <param name="workingDirectory">Current directory (the content root: the repository root).</param>
    public static async Task<AppProcess> StartAsync(string appHost, bool worker, IReadOnlyDictionary<string, string> environment,
        string workingDirectory, CancellationToken cancellationToken)
    {
        int port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var info = new ProcessStartInfo(appHost)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (worker) info.ArgumentList.Add("--engine-worker");
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(baseAddress.AbsoluteUri.TrimEnd('/'));
        foreach (var (key, value) in environment) info.Environment[key] = value;
        if (!worker) info.Environment["Web__Urls"] = baseAddress.AbsoluteUri.TrimEnd('/'); // Web:Urls (appsettings.json) wins over --urls

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {appHost}.");
        var app = new AppProcess(process, baseAddress);
        process.OutputDataReceived += (_, e) => app.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => app.Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (process.HasExited)
                throw new InvalidOperationException($"{Path.GetFileName(appHost)} exited with {process.ExitCode}:\n{app.Tail()}");
            try
            {
                using var health = await http.GetAsync("health", cancellationToken);
                if (health.StatusCode == HttpStatusCode.OK) return app;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested) { }
            await Task.Delay(200, cancellationToken);
        }
        await app.DisposeAsync();
        throw new TimeoutException($"{Path.GetFileName(appHost)} did not report healthy within 90 s:\n{app.Tail()}");
    }

    private void Capture(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.Add(line);
            if (_output.Count > 200) _output.RemoveAt(0);
        }
    }

    /// <summary>The last lines the process printed (for error messages).</summary>
    public string Tail()
    {
        lock (_output) return string.Join('\n', _output.TakeLast(40));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
