using Microsoft.Extensions.DependencyInjection;

namespace Workbench.Lab.Classrooms;

/// <summary>Registers the Classrooms services of the lab platform.</summary>
public static class ClassroomsServiceCollectionExtensions
{
    /// <summary>Adds the Classrooms services (called by <c>AddLab</c>).</summary>
    /// <param name="services">The service collection.</param>
    public static IServiceCollection AddClassrooms(this IServiceCollection services)
    {
        return services;
    }
}
