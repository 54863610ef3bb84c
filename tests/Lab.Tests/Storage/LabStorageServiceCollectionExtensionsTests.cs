using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Workbench.Lab.Grading.Submissions;
using Workbench.Lab.Storage;
using Workbench.Lab.Tests.Submissions;

namespace Workbench.Lab.Tests.Storage;

public sealed class LabStorageServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddLabStorage_StartedHost_MigratesBeforeTheWorkerAndSharesSingletons()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var host = LabTestHost.Build(database.ConnectionString, ScriptedGrader.Passing());

        var hosted = host.Services.GetServices<IHostedService>().Select(s => s.GetType()).ToList();
        Assert.True(hosted.IndexOf(typeof(LabStoreMigrationService)) is >= 0 and var m && m < hosted.IndexOf(typeof(GradingWorker)));
        Assert.IsType<LabStore>(host.Services.GetRequiredService<ILabStore>());
        Assert.Same(host.Services.GetRequiredService<ILabStore>(), host.Services.GetRequiredService<ILabStore>());
        Assert.Same(host.Services.GetRequiredService<SubmissionEvents>(), host.Services.GetRequiredService<SubmissionEvents>());

        await host.StartAsync();
        await host.Services.GetRequiredService<LabStoreMigrationService>().Migrated;
        Assert.Empty(await host.Store().ListUngradedSubmissionsAsync(CancellationToken.None));
        await host.StopAsync();
    }

    [Fact]
    public async Task AddLabStorage_UnreachableDatabase_FailsStartup()
    {
        using var host = LabTestHost.Build("Host=127.0.0.1;Port=1;Username=u;Password=p;Database=d;Timeout=2", ScriptedGrader.Passing());

        await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        await Assert.ThrowsAnyAsync<Exception>(() => host.Services.GetRequiredService<LabStoreMigrationService>().Migrated);
    }
}
