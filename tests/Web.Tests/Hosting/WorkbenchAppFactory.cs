using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Web.Hosting;

namespace Workbench.Web.Tests.Hosting;

/// <summary>
/// The real web app in a TestServer with the real <see cref="WorkerSupervisor"/> and a real worker process
/// serving the shared TinyStories model, and its own fresh data directory (<c>Lab:DataDirectory</c>: a new temp
/// folder holding the SQLite database). Disposing it stops the app, which kills the worker, and deletes the folder.
/// </summary>
public sealed class WorkbenchAppFactory : WebApplicationFactory<Program>
{
    /// <summary>This app's data directory (created by the app; deleted on dispose).</summary>
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "wb-web-test-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>Settings layered over the root appsettings.json (tests add their own before the app starts).</summary>
    public Dictionary<string, string?> Settings { get; }

    /// <summary>Creates the factory (the app starts on first use).</summary>
    public WorkbenchAppFactory() => Settings = new()
    {
        ["Lab:DataDirectory"] = DataDirectory,
        ["Engine:DefaultModel"] = TestPaths.TinyStories,
        ["Engine:ModelDirectories:0"] = TestPaths.SharedModels,
        ["Engine:ModelDirectories:1"] = TestPaths.SharedModels,
        ["Engine:Threads"] = "1",
        ["Engine:ContextSize"] = "2048",
        ["Engine:ParallelSequences"] = "2",
        ["Web:HealthCheckIntervalSeconds"] = "1",
        ["Web:WorkerStartTimeoutSeconds"] = "60",
        // Fixtures sign in and join many users in a row from one (TestServer) address; the limits' own tests set them back.
        ["Web:Security:AttemptsPerMinutePerAddress"] = "1000",
        // The lab's own stdio MCP server is a child process per app; the MCP tests start it themselves.
        ["Web:Mcp:IncludeWorkbenchServer"] = "false",
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

    /// <summary>Stops the app, then deletes its data directory.</summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        DeleteDataDirectory();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) DeleteDataDirectory();
    }

    private void DeleteDataDirectory()
    {
        try
        {
            if (Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still being closed; the temp folder is cleaned up by the system eventually.
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(Settings));
    }
}
