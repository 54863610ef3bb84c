// Linked into the test projects that compare against llama.cpp's own tools (Web.Tests): one way to build them.
using System.Diagnostics;

namespace Workbench.Tests.Reference;

/// <summary>llama.cpp's own <c>llama-quantize</c> and <c>llama-perplexity</c>, built from the source of our natives
/// by <c>tests/reference/llama-tools/build.sh</c> into its ignored <c>out/</c> folder: the script runs once per test
/// process, only when a tool is missing (a fresh clone), so the tests produce their references themselves.</summary>
internal static class LlamaTools
{
    private static readonly Lock Gate = new();
    private static string? s_folder;

    /// <summary>The path of <c>llama-&lt;tool&gt;</c> (<c>quantize</c> or <c>perplexity</c>), building the tools first
    /// when needed.</summary>
    /// <param name="repoRoot">The repository root (holds <c>tests/reference/llama-tools/build.sh</c>).</param>
    /// <param name="tool">The tool's name without <c>llama-</c>.</param>
    /// <exception cref="InvalidOperationException">The build failed (its output is in the message).</exception>
    /// <exception cref="TimeoutException">The build ran past ten minutes (it was killed).</exception>
    public static string Path(string repoRoot, string tool)
    {
        lock (Gate)
        {
            s_folder ??= Build(repoRoot);
        }
        return System.IO.Path.Combine(s_folder, "llama-" + tool);
    }

    private static string Build(string repoRoot)
    {
        var script = System.IO.Path.Combine(repoRoot, "tests", "reference", "llama-tools", "build.sh");
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(script);
        using var build = Process.Start(psi) ?? throw new InvalidOperationException("cannot start bash");
        var stdout = build.StandardOutput.ReadToEndAsync();
        var stderr = build.StandardError.ReadToEndAsync();
        if (!build.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            build.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} ran past 10 minutes");
        }
        if (build.ExitCode != 0) throw new InvalidOperationException($"{script} exited {build.ExitCode}: {stderr.Result}");
        return stdout.Result.Trim().Split('\n')[^1].Trim();
    }

    /// <summary>Runs a tool to completion and returns its exit code and combined output.</summary>
    /// <param name="file">The tool's path.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <exception cref="TimeoutException">It ran past two minutes (it was killed).</exception>
    public static (int ExitCode, string Output) Run(string file, params string[] arguments)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} ran past 2 minutes");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
