using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Workbench.Lab.Grading.Submissions;

namespace Workbench.Lab.Storage;

/// <summary>Registers the Storage services of the lab platform.</summary>
public static class LabStorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds the database (called by <c>AddLab</c>): <see cref="LabConnectionFactory"/> from
    /// <see cref="LabOptions.ConnectionString"/>, <see cref="ILabStore"/> (<see cref="LabStore"/>) as a singleton,
    /// <see cref="LabStoreMigrationService"/> as the first Lab hosted service, then the submission pipeline
    /// (<see cref="SubmissionsServiceCollectionExtensions.AddLabSubmissions"/>), whose worker starts after it.
    /// Expects <see cref="LabOptions"/> to be configured (AddLab does) and, for the worker, an
    /// <c>IExerciseGrader</c> and an <c>ILabCatalog</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    public static IServiceCollection AddLabStorage(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => LabConnectionFactory.FromOptions(sp.GetRequiredService<IOptions<LabOptions>>().Value));
        services.TryAddSingleton<ILabStore>(sp => new LabStore(sp.GetRequiredService<LabConnectionFactory>(), sp.GetService<TimeProvider>()));
        services.TryAddSingleton<LabStoreMigrationService>();
        services.AddHostedService(sp => sp.GetRequiredService<LabStoreMigrationService>());
        services.AddLabSubmissions();
        return services;
    }
}
