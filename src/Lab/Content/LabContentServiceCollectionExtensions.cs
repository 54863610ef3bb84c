using Microsoft.Extensions.DependencyInjection;

namespace Workbench.Lab.Content;

/// <summary>Registers the Content services of the lab platform.</summary>
public static class LabContentServiceCollectionExtensions
{
    /// <summary>Adds the Content services (called by <c>AddLab</c>).</summary>
    /// <param name="services">The service collection.</param>
    public static IServiceCollection AddLabContent(this IServiceCollection services)
    {
        return services;
    }
}
