using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Workbench.Lab.Content;

/// <summary>Resolves <see cref="ILabCatalog"/> when the host starts, so invalid content stops start-up with a
/// <see cref="LabContentException"/> (from <c>app.Run</c>) instead of failing on the first page that needs it.</summary>
internal sealed class LabContentStartupCheck(IServiceProvider services) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<ILabCatalog>();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
