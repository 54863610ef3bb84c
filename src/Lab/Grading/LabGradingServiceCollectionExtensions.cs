using Microsoft.Extensions.DependencyInjection;

namespace Workbench.Lab.Grading;

/// <summary>Registers the Grading services of the lab platform.</summary>
public static class LabGradingServiceCollectionExtensions
{
    /// <summary>Adds the Grading services (called by <c>AddLab</c>).</summary>
    /// <param name="services">The service collection.</param>
    public static IServiceCollection AddLabGrading(this IServiceCollection services)
    {
        return services;
    }
}
