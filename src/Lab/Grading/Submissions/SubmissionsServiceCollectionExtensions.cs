using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Workbench.Lab.Grading.Submissions;

/// <summary>Registers the submission pipeline.</summary>
public static class SubmissionsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="SubmissionService"/>, <see cref="GradingQueue"/>, <see cref="SubmissionEvents"/> (singletons)
    /// and <see cref="GradingWorker"/> (hosted service). Called by <c>AddLabStorage</c> after the migration service,
    /// so the worker starts after the schema is up to date. Needs an <see cref="IExerciseGrader"/> and an
    /// <c>ILabCatalog</c> registered.
    /// </summary>
    /// <param name="services">The service collection.</param>
    public static IServiceCollection AddLabSubmissions(this IServiceCollection services)
    {
        services.TryAddSingleton<GradingQueue>();
        services.TryAddSingleton<SubmissionEvents>();
        services.TryAddSingleton<SubmissionService>();
        services.AddHostedService<GradingWorker>();
        return services;
    }
}
