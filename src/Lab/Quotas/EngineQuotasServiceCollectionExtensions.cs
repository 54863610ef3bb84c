using Microsoft.Extensions.DependencyInjection;

namespace Workbench.Lab.Quotas;

/// <summary>Registers the Quotas services of the lab platform.</summary>
public static class EngineQuotasServiceCollectionExtensions
{
    /// <summary>Adds the Quotas services (called by <c>AddLab</c>).</summary>
    /// <param name="services">The service collection.</param>
    public static IServiceCollection AddEngineQuotas(this IServiceCollection services)
    {
        return services;
    }
}
