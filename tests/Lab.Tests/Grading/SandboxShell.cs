using Microsoft.Extensions.Logging.Abstractions;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Grading.Sandbox;

namespace Workbench.Lab.Tests.Grading;

/// <summary>
/// Runs <c>/bin/sh -c …</c> (or any program) through a real <see cref="SandboxLauncher"/> on a fresh data directory,
/// with the host's real mechanism (cgroups here) or the rlimits fallback. Disposing deletes the data directory.
/// </summary>
public sealed class SandboxShell : IDisposable
{
    private static readonly Lazy<SandboxCapabilities> Host = new(SandboxCapabilities.Detect);

    /// <summary>Limits roomy enough for a shell script: 20 s wall, 10 s CPU, 256 MiB, 64 processes.</summary>
    public static readonly SandboxTreeLimits Roomy = new(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(10), 256L << 20, 64);

    /// <summary>A launcher for <paramref name="mechanism"/> ("host" or "rlimits").</summary>
    public SandboxShell(string mechanism = "host", TempDirectory? data = null)
    {
        Data = data ?? new TempDirectory();
        Assert.True(Host.Value.IsAvailable, Host.Value.UnavailableReason);
        var capabilities = mechanism == "rlimits" ? Host.Value.WithRlimits() : Host.Value;
        Launcher = new SandboxLauncher(capabilities, Path.Combine(Data.Path, "sandbox"), NullLogger<SandboxLauncher>.Instance);
    }

    /// <summary>The host's capabilities as detected once for all tests.</summary>
    public static SandboxCapabilities HostCapabilities => Host.Value;

    /// <summary>The data directory (the run root is its <c>sandbox/</c>).</summary>
    public TempDirectory Data { get; }

    /// <summary>The launcher.</summary>
    public SandboxLauncher Launcher { get; }

    /// <summary>Starts <c>/bin/sh -c <paramref name="script"/></c> in a new run folder; standard input closed.</summary>
    public async Task<SandboxProcess> StartAsync(string script, SandboxTreeLimits? limits = null, string program = "/bin/sh")
    {
        var directory = Launcher.CreateRunDirectory();
        var sandbox = await Launcher.StartAsync(new SandboxCommand(program, ["-c", script], directory, limits ?? Roomy), CancellationToken.None);
        sandbox.Process.StandardInput.Close();
        return sandbox;
    }

    /// <summary>Runs the script to its end; returns how it ended and what it printed. The run folder is deleted.</summary>
    public async Task<SandboxShellRun> RunAsync(string script, SandboxTreeLimits? limits = null, string program = "/bin/sh")
    {
        using var sandbox = await StartAsync(script, limits, program);
        var output = sandbox.Process.StandardOutput.ReadToEndAsync();
        var error = sandbox.Process.StandardError.ReadToEndAsync();
        var exit = await sandbox.WaitForExitAsync(CancellationToken.None);
        await Task.WhenAny(Task.WhenAll(output, error), Task.Delay(5000));
        Launcher.DeleteRunDirectory(sandbox.Command.RunDirectory);
        return new SandboxShellRun(exit, output.IsCompleted ? output.Result : "", error.IsCompleted ? error.Result : "");
    }

    /// <summary>Host pids whose command line contains <paramref name="marker"/>.</summary>
    public static IReadOnlyList<int> HostProcessesWith(string marker)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ').Contains(marker, StringComparison.Ordinal))
                    found.Add(pid);
            }
            catch (IOException)
            {
            }
        }
        return found;
    }

    /// <inheritdoc />
    public void Dispose() => Data.Dispose();
}

/// <summary>A finished shell run.</summary>
public sealed record SandboxShellRun(SandboxExit Exit, string Output, string Error);
