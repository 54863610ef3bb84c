using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Workbench.Lab.Storage;

/// <summary>
/// Runs <see cref="ILabStore.MigrateAsync"/> when the host starts. Registered by <c>AddLabStorage</c> before every
/// other Lab hosted service, so it finishes before they start (hosted services start in registration order);
/// services that may start otherwise await <see cref="Migrated"/>. A failed migration fails start-up.
/// </summary>
/// <param name="store">The store to migrate.</param>
/// <param name="logger">Logs the outcome.</param>
public sealed class LabStoreMigrationService(ILabStore store, ILogger<LabStoreMigrationService> logger) : IHostedService
{
    private readonly TaskCompletionSource _migrated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the schema is up to date; faults with the migration's exception; cancelled when the
    /// host stops before migrating.</summary>
    public Task Migrated => _migrated.Task;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.MigrateAsync(cancellationToken);
            logger.LogInformation("Lab database schema is up to date ({Provider}).", (store as LabStore)?.Provider.ToString() ?? store.GetType().Name);
            _migrated.TrySetResult();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _migrated.TrySetCanceled(cancellationToken);
            throw;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Migrating the lab database failed.");
            _migrated.TrySetException(e);
            throw;
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _migrated.TrySetCanceled(CancellationToken.None);
        return Task.CompletedTask;
    }
}
