using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Workbench.Web.Tests.Hosting;

namespace Workbench.Web.Tests.Recovery;

/// <summary>
/// The real Workbench.Web executable (the apphost the Web project reference puts beside this test assembly) as a
/// child process on a free loopback port, self-paced mode, with its own data directory: a test can kill it with
/// SIGKILL, as a crash or a power cut would, and start it again on the same data.
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

    /// <summary>The app's root address.</summary>
    public Uri BaseAddress { get; }

    /// <summary>What the app wrote so far.</summary>
    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <summary>Starts the app on <paramref name="dataDirectory"/> and waits until <c>/healthz</c> answers.</summary>
    public static async Task<WebAppProcess> StartAsync(string dataDirectory)
    {
        var port = FreePort();
        var address = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Workbench.Web"))
        {
            WorkingDirectory = Path.Combine(TestPaths.RepoRoot, "src", "Web"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "--urls", address, $"--Web:Urls={address}", "--Engine:Threads=1", "--Engine:ContextSize=2048",
                     $"--Engine:DefaultModel={TestPaths.TinyStories}", $"--Lab:DataDirectory={dataDirectory}", "--Lab:Mode=SelfPaced",
                 })
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
        await app.WaitForHealthAsync(TimeSpan.FromSeconds(90));
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
