using Microsoft.Extensions.DependencyInjection;

namespace Workbench.Lab.Storage;

/// <summary>Registers the Storage services of the lab platform.</summary>
public static class LabStorageServiceCollectionExtensions
{
    /// <summary>Adds the Storage services (called by <c>AddLab</c>).</summary>
    /// <param name="services">The service collection.</param>
    public static IServiceCollection AddLabStorage(this IServiceCollection services)
    {
        return services;
    }
}
