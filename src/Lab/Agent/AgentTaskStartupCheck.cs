using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Workbench.Lab.Agent;

/// <summary>Resolves <see cref="AgentTaskCatalog"/> when the host starts, so a broken task folder stops start-up with
/// an <see cref="AgentTaskException"/> naming the file, instead of failing the first run that needs it.</summary>
internal sealed class AgentTaskStartupCheck(IServiceProvider services) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<AgentTaskCatalog>();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
