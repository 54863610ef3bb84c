using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Workbench.Engine;
using Workbench.Engine.Inference;

namespace Workbench.Lab.Quotas;

/// <summary>Registers engine quotas and fair queueing.</summary>
public static class EngineQuotasServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="EngineAccessGate"/> (a singleton; concurrency = <c>Engine:ParallelSequences</c>, default 4),
    /// <see cref="IQuotaPolicySource"/> (<see cref="StoreQuotaPolicySource"/>) and <see cref="TimeProvider.System"/>
    /// when none is registered, and decorates the host's <see cref="IInferenceEngine"/> registration (which must
    /// come before this call) with <see cref="QuotaInferenceEngine"/>, also resolvable as itself. The caller is
    /// <see cref="EngineCallerContext.Current"/> (the web app sets it per circuit and hub call; the grading gateway
    /// per sandbox request). Called by <c>AddLab</c>; calling it again changes nothing.
    /// </summary>
    /// <param name="services">The service collection.</param>
    public static IServiceCollection AddEngineQuotas(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StoreQuotaPolicySource>();
        services.TryAddSingleton<IQuotaPolicySource>(sp => sp.GetRequiredService<StoreQuotaPolicySource>());
        services.TryAddSingleton(sp => new EngineAccessGate(
            sp.GetService<IOptions<EngineOptions>>()?.Value.ParallelSequences ?? 4,
            sp.GetRequiredService<IQuotaPolicySource>(),
            sp.GetRequiredService<TimeProvider>()));
        DecorateEngine(services);
        return services;
    }

    private static void DecorateEngine(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(QuotaInferenceEngine))) return;
        var original = services.LastOrDefault(d => d.ServiceType == typeof(IInferenceEngine) && !d.IsKeyedService);
        if (original is null) return;

        // The container disposes what it creates; an instance registered by the host stays the host's to dispose.
        var ownsInner = original.ImplementationInstance is null;
        Func<IServiceProvider, IInferenceEngine> inner = original switch
        {
            { ImplementationInstance: IInferenceEngine instance } => _ => instance,
            { ImplementationFactory: { } factory } => sp => (IInferenceEngine)factory(sp),
            { ImplementationType: { } type } => sp => (IInferenceEngine)ActivatorUtilities.CreateInstance(sp, type),
            _ => throw new InvalidOperationException("The IInferenceEngine registration cannot be decorated."),
        };
        services.Remove(original);
        services.Add(new ServiceDescriptor(typeof(QuotaInferenceEngine),
            sp => new QuotaInferenceEngine(inner(sp), sp.GetRequiredService<EngineAccessGate>(), caller: null, ownsInner),
            original.Lifetime));
        services.Add(new ServiceDescriptor(typeof(IInferenceEngine), sp => sp.GetRequiredService<QuotaInferenceEngine>(), original.Lifetime));
    }
}
