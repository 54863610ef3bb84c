using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Workbench.Lab.Grading.Sandbox;

/// <summary>Resolves <see cref="SandboxLauncher"/> when the host starts, so its janitor kills and removes the sandbox
/// leftovers of web processes that are gone (and the capabilities are detected) before the first grading, not at it.</summary>
internal sealed class SandboxStartupCleanup(IServiceProvider services) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<SandboxLauncher>();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
