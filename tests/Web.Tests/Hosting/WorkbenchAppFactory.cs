using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Web.Hosting;

namespace Workbench.Web.Tests.Hosting;

/// <summary>
/// The real web app in a TestServer with the real <see cref="WorkerSupervisor"/> and a real worker process
/// serving the shared TinyStories model. Disposing it stops the app, which kills the worker.
/// </summary>
public sealed class WorkbenchAppFactory : WebApplicationFactory<Program>
{
    /// <summary>Settings layered over the root appsettings.json (tests add their own).</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Engine:DefaultModel"] = TestPaths.TinyStories,
        ["Engine:ModelDirectories:0"] = TestPaths.SharedModels,
        ["Engine:ModelDirectories:1"] = TestPaths.SharedModels,
        ["Engine:Threads"] = "1",
        ["Engine:ContextSize"] = "2048",
        ["Engine:ParallelSequences"] = "2",
        ["Web:HealthCheckIntervalSeconds"] = "1",
        ["Web:WorkerStartTimeoutSeconds"] = "60",
    };

    /// <summary>The app's supervisor (starts the app).</summary>
    public WorkerSupervisor Supervisor => Services.GetRequiredService<WorkerSupervisor>();

    /// <summary>Starts the app and waits until its worker is ready.</summary>
    public async Task<WorkerSupervisor> StartReadyAsync()
    {
        var supervisor = Supervisor;
        await supervisor.WaitUntilReadyAsync(TimeSpan.FromSeconds(90), CancellationToken.None);
        return supervisor;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(Settings));
    }
}
