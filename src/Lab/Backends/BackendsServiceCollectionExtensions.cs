using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Workbench.Lab.Backends;

/// <summary>Registers the chat backends.</summary>
public static class BackendsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="BackendOptions"/> from the <c>Backends</c> section (each child is one remote backend),
    /// validates it on start (<see cref="BackendOptionsValidator"/>: an invalid entry stops start-up with an
    /// <see cref="OptionsValidationException"/> naming its key) and registers <see cref="ChatBackends"/> as the
    /// <see cref="IChatBackends"/> singleton. Expects an <c>IInferenceEngine</c> registered by the host.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration holding the <c>Backends</c> section.</param>
    public static IServiceCollection AddChatBackends(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<BackendOptions>()
            .Configure(o =>
            {
                foreach (var child in configuration.GetSection(BackendOptions.SectionName).GetChildren())
                {
                    var entry = new RemoteBackendOptions();
                    child.Bind(entry);
                    o.Remote[child.Key] = entry;
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BackendOptions>, BackendOptionsValidator>());
        services.AddSingleton<IChatBackends, ChatBackends>();
        return services;
    }
}
