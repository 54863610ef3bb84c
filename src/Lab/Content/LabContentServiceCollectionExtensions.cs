using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Workbench.Lab.Content;

/// <summary>Registers the Content services of the lab platform.</summary>
public static class LabContentServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ILabCatalog"/> as a singleton loaded from <see cref="LabOptions.ContentDirectory"/> with the
    /// widgets of <see cref="LabWidgets.Names"/>, and a hosted service that loads it when the host starts: invalid
    /// content makes start-up (<c>app.Run</c>, <c>IHost.StartAsync</c>) throw <see cref="LabContentException"/>
    /// listing every error as <c>file:line: message</c>. Called by <c>AddLab</c>; expects
    /// <c>IOptions&lt;LabOptions&gt;</c> to be configured.
    /// </summary>
    /// <param name="services">The service collection.</param>
    public static IServiceCollection AddLabContent(this IServiceCollection services)
    {
        services.TryAddSingleton<ILabCatalog>(provider =>
        {
            var directory = provider.GetRequiredService<IOptions<LabOptions>>().Value.ContentDirectory;
            var logger = provider.GetService<ILoggerFactory>()?.CreateLogger(typeof(LabCatalog).FullName!) ?? NullLogger.Instance;
            try
            {
                var catalog = new LabCatalog(LabCatalogLoader.Load(directory, LabWidgets.Names));
                logger.LogInformation("Loaded {LabCount} labs ({ExerciseCount} exercises) from {ContentDirectory}",
                    catalog.Labs.Count, catalog.Labs.Sum(l => l.Exercises.Count), directory);
                return catalog;
            }
            catch (LabContentException ex)
            {
                logger.LogCritical("{Message}", ex.Message);
                throw;
            }
        });
        services.AddHostedService<LabContentStartupCheck>();
        return services;
    }
}
