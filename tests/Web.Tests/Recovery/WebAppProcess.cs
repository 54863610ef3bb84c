using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Workbench.Testing;

/// <summary>
/// The real Workbench.Web executable (its apphost) as a child process on a free loopback port, with its own data
/// directory, its output captured, started once <c>/healthz</c> answers. A test can kill it with SIGKILL, as a
/// crash or a power cut would, and start it again on the same data. Shared by Web.Tests (recovery) and the
/// end-to-end tests (this file is linked into Workbench.E2E).
/// </summary>
internal sealed class WebAppProcess : IAsyncDisposable
{
    private readonly StringBuilder _log = new();
    private readonly Process _process;

    private WebAppProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    /// <summary>The app's root address, for example <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>What the app wrote to stdout/stderr so far (for failure messages).</summary>
    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <summary>
    /// Starts the app and waits until <c>/healthz</c> answers. Its command line: the address (<c>--urls</c>,
    /// <c>--Web:Urls</c>), one engine thread, a 2,048-token context, <c>--Lab:DataDirectory</c>, then
    /// <paramref name="extraArguments"/>; environment Development.
    /// </summary>
    /// <param name="appHostPath">The Workbench.Web apphost.</param>
    /// <param name="workingDirectory">Its working directory (src/Web: appsettings.json, wwwroot).</param>
    /// <param name="dataDirectory">The lab data directory (database, grading scratch space).</param>
    /// <param name="extraArguments">Arguments added to the command line (for example the lab mode).</param>
    /// <param name="startTimeout">How long to wait for <c>/healthz</c>.</param>
    /// <exception cref="InvalidOperationException">The app could not start, or exited before answering.</exception>
    /// <exception cref="TimeoutException">The app did not answer in time (it is killed).</exception>
    public static async Task<WebAppProcess> StartAsync(string appHostPath, string workingDirectory, string dataDirectory,
        IEnumerable<string> extraArguments, TimeSpan startTimeout)
    {
        // FreePort releases the port before the app binds it, so another process (a second app, an engine worker)
        // can take it in between; Kestrel then exits with "address already in use" and a new port is tried.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(appHostPath, workingDirectory, dataDirectory, extraArguments, startTimeout);
            }
            catch (InvalidOperationException e) when (attempt < 3 && e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
            }
        }
    }

    private static async Task<WebAppProcess> StartOnceAsync(string appHostPath, string workingDirectory, string dataDirectory,
        IEnumerable<string> extraArguments, TimeSpan startTimeout)
    {
        var address = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo(appHostPath)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "--urls", address, $"--Web:Urls={address}", "--Engine:Threads=1",
                     // A 2,048-token window lets "Ignore EOS" replies run for seconds, long enough to watch and to stop.
                     "--Engine:ContextSize=2048",
                     $"--Lab:DataDirectory={dataDirectory}",
                     // Quantized files go to the run's own folder, not the checkout's data/models.
                     $"--Engine:OutputModelDirectory={Path.Combine(dataDirectory, "models")}",
                 }.Concat(extraArguments))
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Workbench.Web.");
        var app = new WebAppProcess(process, new Uri(address + "/"));
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await app.WaitForHealthAsync(startTimeout);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    /// <summary>A client on the app (self-paced mode needs no sign-in).</summary>
    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Kills the app and every process it started (engine worker, grading sandbox) with SIGKILL.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    private async Task WaitForHealthAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited) throw new InvalidOperationException($"Workbench.Web exited with {_process.ExitCode}:\n{Log}");
            try
            {
                if ((await http.GetAsync("healthz")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"Workbench.Web did not answer on {BaseAddress}:\n{Log}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
