using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Workbench.Lab.Classrooms;

/// <summary>Registers classes, accounts and the instructor dashboard.</summary>
public static class ClassroomsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ClassroomService"/> with its <see cref="ClassroomEvents"/>, <see cref="InstructorAccounts"/> and <see cref="ClassDashboardBuilder"/>
    /// (singletons over the store and catalog), <see cref="TimeProvider.System"/> when none is registered, and a
    /// hosted service that, at start-up, waits for the store's migration (<see cref="Storage.LabStoreMigrationService"/>,
    /// registered by <c>AddLabStorage</c>, which must be called first) and creates the mode's accounts: the local
    /// learner (self-paced) or the configured instructor (classroom; start-up fails with a clear message when there
    /// is none and no password is configured). Called by <c>AddLab</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    public static IServiceCollection AddClassrooms(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ClassroomEvents>();
        services.TryAddSingleton<ClassroomService>();
        services.TryAddSingleton<InstructorAccounts>();
        services.TryAddSingleton<ClassDashboardBuilder>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, AccountBootstrapper>());
        return services;
    }
}
