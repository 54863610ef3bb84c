using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Workbench.Lab.Content;
using Workbench.Lab.Grading;
using Workbench.Lab.Grading.Submissions;
using Workbench.Lab.Storage;

namespace Workbench.Lab.Tests.Submissions;

/// <summary>A generic host with the real storage registration (<c>AddLabStorage</c>: migration service, store,
/// submission pipeline, grading worker) on a test database, a test catalog and a scripted grader.</summary>
public static class LabTestHost
{
    public static IHost Build(string connectionString, IExerciseGrader grader, int gradingConcurrency = 2)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddLogging();
        builder.Services.AddOptions<LabOptions>().Configure(o =>
        {
            o.ConnectionString = connectionString;
            o.GradingConcurrency = gradingConcurrency;
        });
        builder.Services.AddSingleton<ILabCatalog, TestLabCatalog>();
        builder.Services.AddSingleton(grader);
        builder.Services.AddLabStorage();
        return builder.Build();
    }

    public static SubmissionService Submissions(this IHost host) => host.Services.GetRequiredService<SubmissionService>();

    public static SubmissionEvents Events(this IHost host) => host.Services.GetRequiredService<SubmissionEvents>();

    public static ILabStore Store(this IHost host) => host.Services.GetRequiredService<ILabStore>();
}
