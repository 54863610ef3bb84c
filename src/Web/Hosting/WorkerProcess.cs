using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Workbench.Web.Hosting;

/// <summary>One engine worker child process: the web app's own executable run with <c>--engine-worker</c> on a
/// free loopback port. Captures its output (the last lines explain a native abort) and describes its exit.</summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private const int KeptOutputLines = 40;
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();
    private readonly ILogger _workerLog;

    private WorkerProcess(Process process, Uri address, ILogger workerLog)
    {
        _process = process;
        Address = address;
        _workerLog = workerLog;
    }

    /// <summary>The worker's base address, <c>http://127.0.0.1:&lt;port&gt;/</c>.</summary>
    public Uri Address { get; }

    /// <summary>The operating-system process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The apphost to start: <c>Workbench.Web</c> beside the running assembly (present in the Web
    /// output and in every output that references Web).</summary>
    public static string ExecutablePath =>
        Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "Workbench.Web.exe" : "Workbench.Web");

    /// <summary>The .NET setting of how long an idle thread-pool thread spins for work before it sleeps; the worker
    /// runs with 0 (see <see cref="Start"/>).</summary>
    public const string ThreadPoolSpinLimitVariable = "DOTNET_ThreadPool_UnfairSemaphoreSpinLimit";

    /// <summary>Starts a worker process.</summary>
    /// <param name="environment">Variables added to the inherited environment (the <c>Engine__*</c> settings).</param>
    /// <param name="workerLog">Receives every line the worker writes.</param>
    /// <exception cref="InvalidOperationException">The executable is missing or could not be started.</exception>
    public static WorkerProcess Start(IReadOnlyDictionary<string, string> environment, ILogger workerLog)
    {
        var executable = ExecutablePath;
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"The worker executable '{executable}' does not exist.");
        }
        var port = FreeLoopbackPort();
        var address = new Uri($"http://127.0.0.1:{port}/");
        var info = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        // The flag goes first: the worker branch of Program strips it before the host parses the arguments.
        foreach (var arg in new[] { WorkerArguments.EngineWorkerFlag, "--urls", address.ToString().TrimEnd('/'),
                     WorkerArguments.ParentPidOption, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }
        // The worker's thread pool must not spin for work: ggml's decode threads spin-wait for each other at a barrier
        // after every graph op, and a pool thread spinning after each token's hand-off (70 iterations by default)
        // steals their core. With llama.cpp on every core this made 2-thread decoding 0.45–0.84× of
        // llama-batched-bench; without the spin, 0.76–0.95× (docs/PERFORMANCE.md, issue 10 finding 20).
        info.Environment[ThreadPoolSpinLimitVariable] = "0";
        foreach (var (key, value) in environment) info.Environment[key] = value;

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var worker = new WorkerProcess(process, address, workerLog);
        process.OutputDataReceived += (_, e) => worker.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => worker.OnLine(e.Data);
        if (!process.Start()) throw new InvalidOperationException($"The worker executable '{executable}' did not start.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Completes when the process has exited and its output is drained.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>Describes how the process ended: exit code, or the signal that killed it (.NET reports
    /// 128 + signal number for a process killed by a signal).</summary>
    public string DescribeExit()
    {
        var code = _process.ExitCode;
        var how = code > 128 && code < 160 ? $"signal {code - 128} ({SignalName(code - 128)}), exit code {code}" : $"exit code {code}";
        var hint = LastLines().LastOrDefault(l => l.Contains("GGML_ASSERT", StringComparison.Ordinal)
            || l.Contains("terminate called", StringComparison.Ordinal) || l.Contains("error", StringComparison.OrdinalIgnoreCase));
        return hint is null ? how : $"{how}; last output: {hint.Trim()}";
    }

    /// <summary>The exit code; valid once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>The last lines the worker wrote, oldest first.</summary>
    public IReadOnlyList<string> LastLines()
    {
        lock (_lastLines) return [.. _lastLines];
    }

    /// <summary>Kills the worker (and any child it started) and waits up to five seconds for it to exit.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or did not die in time: nothing more can be done from here.
        }
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > KeptOutputLines) _lastLines.Dequeue();
        }
        _workerLog.LogInformation("{Line}", line);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string SignalName(int signal) => signal switch
    {
        4 => "SIGILL", 6 => "SIGABRT", 7 => "SIGBUS", 8 => "SIGFPE", 9 => "SIGKILL", 11 => "SIGSEGV", 15 => "SIGTERM",
        _ => "signal",
    };
}
