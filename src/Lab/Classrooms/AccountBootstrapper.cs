using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Workbench.Lab.Storage;

namespace Workbench.Lab.Classrooms;

/// <summary>
/// At start-up: waits for <see cref="LabStoreMigrationService"/> to finish migrating the store (it starts first and
/// fails start-up itself when migrating fails), then creates the accounts the mode needs — the local learner in
/// self-paced mode, the configured instructor in classroom mode (failing start-up with a clear message when there
/// is none and no password is configured).
/// </summary>
internal sealed class AccountBootstrapper(
    ILabStore store, LabStoreMigrationService migration, InstructorAccounts instructors, IOptions<LabOptions> options, TimeProvider time) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await migration.Migrated.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (options.Value.Mode == LabMode.Classroom)
        {
            await instructors.EnsureConfiguredInstructorAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await LocalLearner.EnsureAsync(store, time, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
