// Linked into every test project that runs a tests/reference package (Engine.Tests, Lab.Tests, Web.Tests, E2E):
// one way to install a reference folder's pinned npm packages.
using System.Collections.Concurrent;
using System.Diagnostics;

namespace Workbench.Tests.Reference;

/// <summary>The npm packages of a <c>tests/reference/&lt;name&gt;</c> folder, pinned by its package-lock.json:
/// <c>npm ci</c> runs there once per test process, only when the marker package is missing from node_modules (a
/// fresh clone), so the tests install what they need themselves.</summary>
internal static class NpmReference
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> Installs = new(StringComparer.Ordinal);

    /// <summary>Installs the folder's packages unless <paramref name="markerPackage"/> is there already.</summary>
    /// <param name="folder">The reference folder (holds package.json and package-lock.json).</param>
    /// <param name="markerPackage">A package the folder pins, e.g. <c>@modelcontextprotocol/sdk</c>.</param>
    /// <returns><paramref name="folder"/>.</returns>
    /// <exception cref="InvalidOperationException">npm could not start or failed (its standard error is in the message).</exception>
    /// <exception cref="TimeoutException">npm ran past three minutes (it was killed).</exception>
    public static string EnsureInstalled(string folder, string markerPackage) =>
        Installs.GetOrAdd(folder, f => new Lazy<string>(() => Install(f, markerPackage), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    private static string Install(string folder, string markerPackage)
    {
        if (File.Exists(Path.Combine([folder, "node_modules", .. markerPackage.Split('/'), "package.json"]))) return folder;
        var psi = new ProcessStartInfo("npm") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "ci", "--no-audit", "--no-fund", "--loglevel=error" }) psi.ArgumentList.Add(arg);
        using var npm = Process.Start(psi) ?? throw new InvalidOperationException("cannot start npm");
        var stderr = npm.StandardError.ReadToEndAsync();
        _ = npm.StandardOutput.ReadToEndAsync();
        if (!npm.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            npm.Kill(entireProcessTree: true);
            throw new TimeoutException($"npm ci in {folder} ran past 3 minutes");
        }
        if (npm.ExitCode != 0) throw new InvalidOperationException($"npm ci in {folder} exited {npm.ExitCode}: {stderr.Result}");
        return folder;
    }
}
