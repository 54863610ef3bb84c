using System.Diagnostics;

namespace Workbench.Bench;

/// <summary>Finds the Workbench.Web apphost: <c>--web-app</c>, or builds src/Web in Release (with the caller's
/// environment, so WB_ARTIFACTS is honoured) and asks MSBuild for its output directory.</summary>
internal sealed class WebAppLocator(BenchOptions options)
{
    private string? _path;

    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        if (_path is not null) return _path;
        if (options.WebAppPath is not null)
        {
            if (!File.Exists(options.WebAppPath)) throw new FileNotFoundException($"--web-app {options.WebAppPath} not found.");
            return _path = options.WebAppPath;
        }
        string project = Path.Combine(options.RepoRoot, "src", "Web", "Web.csproj");
        Console.WriteLine("  building src/Web (Release) ...");
        var (code, output) = await DotnetAsync(["build", project, "-c", "Release", "-nologo", "-v:q"], cancellationToken);
        if (code != 0) throw new InvalidOperationException($"dotnet build src/Web failed:\n{output}");
        (code, output) = await DotnetAsync(["msbuild", project, "-nologo", "-p:Configuration=Release", "-getProperty:TargetDir"], cancellationToken);
        string dir = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
        string appHost = Path.Combine(dir, "Workbench.Web");
        if (code != 0 || !File.Exists(appHost)) throw new FileNotFoundException($"Workbench.Web apphost not found in '{dir}'.");
        return _path = appHost;
    }

    private static async Task<(int, string)> DotnetAsync(string[] args, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }
}
