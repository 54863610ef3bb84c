using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workbench.Engine.Inference;
using Workbench.Engine.Models;

namespace Workbench.Engine;

/// <summary>Registers the in-process engine.</summary>
public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="EngineOptions"/> to the <c>Engine</c> section (configured
    /// <see cref="EngineOptions.ModelDirectories"/> replace the defaults) and validates it at start
    /// (<see cref="EngineOptions.Validate"/>, failing start-up with the setting's name); registers
    /// <see cref="EngineOptions"/> itself, <see cref="ModelCatalog"/> (relative directories resolved against
    /// the host's content root, else the current directory) and <see cref="IInferenceEngine"/> as a singleton
    /// <see cref="LlamaEngine"/> (unless an <see cref="IInferenceEngine"/> is already registered). No model is
    /// loaded here: call <see cref="IInferenceEngine.LoadModelAsync"/> (the engine worker loads
    /// <see cref="EngineOptions.DefaultModel"/> at start).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">Configuration holding the <c>Engine</c> section.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddEngine(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(EngineOptions.SectionName);
        services.AddOptions<EngineOptions>()
            .Bind(section)
            .PostConfigure(options =>
            {
                // The binder appends configured array items to an initialised array; configured directories
                // must replace the defaults instead.
                var directories = section.GetSection(nameof(EngineOptions.ModelDirectories)).Get<string[]>();
                if (directories is { Length: > 0 }) options.ModelDirectories = directories;
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EngineOptions>, EngineOptionsValidator>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<EngineOptions>>().Value);
        services.TryAddSingleton(sp => new ModelCatalog(
            sp.GetRequiredService<EngineOptions>(),
            sp.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory()));
        services.TryAddSingleton<IInferenceEngine>(sp => new LlamaEngine(
            sp.GetRequiredService<EngineOptions>(),
            sp.GetService<ILogger<LlamaEngine>>()));
        return services;
    }

    /// <summary>Runs <see cref="EngineOptions.Validate"/> for the options system.</summary>
    private sealed class EngineOptionsValidator : IValidateOptions<EngineOptions>
    {
        public ValidateOptionsResult Validate(string? name, EngineOptions options)
        {
            try
            {
                options.Validate();
                return ValidateOptionsResult.Success;
            }
            catch (ArgumentException e)
            {
                return ValidateOptionsResult.Fail(e.Message);
            }
        }
    }
}
