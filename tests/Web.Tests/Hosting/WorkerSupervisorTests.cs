using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Workbench.Web.Hosting;
using Xunit;

namespace Workbench.Web.Tests.Hosting;

/// <summary>The supervisor with a real worker process: start, model from /props, restart after SIGKILL.</summary>
public sealed class WorkerSupervisorTests(WorkbenchAppFactory app) : IClassFixture<WorkbenchAppFactory>
{
    [Fact]
    public async Task Start_WorkerAnswersOnLoopback_AndModelComesFromProps()
    {
        var supervisor = await app.StartReadyAsync();

        Assert.Equal(WorkerState.Ready, supervisor.State);
        Assert.Equal("127.0.0.1", supervisor.Address?.Host);
        Assert.Equal("TinyStories-656K-Q8_0.gguf", supervisor.Model?.Id);
        Assert.Equal(2, supervisor.Model?.LayerCount);
        using var worker = Process.GetProcessById(supervisor.ProcessId!.Value);
        Assert.Equal("Workbench.Web", worker.ProcessName);
        // Its thread pool does not spin for work on the cores ggml's decode threads spin on (issue 10, finding 20).
        var environment = File.ReadAllText($"/proc/{worker.Id}/environ").Split('\0');
        Assert.Contains(WorkerProcess.ThreadPoolSpinLimitVariable + "=0", environment);
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task Health_SaysWhichSandboxIsolationAndLimitsThisHostHas()
    {
        await app.StartReadyAsync();
        var client = app.CreateClient();

        using var health = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/health"));
        var sandbox = health.RootElement.GetProperty("sandbox");

        // The same object the grading sandbox detected at start-up (bubblewrap here; cgroups where the host has them).
        var detected = app.Services.GetRequiredService<Workbench.Lab.Grading.Sandbox.SandboxCapabilities>().Describe();
        Assert.Equal(detected.Isolation, sandbox.GetProperty("isolation").GetString());
        Assert.Equal(detected.Limits, sandbox.GetProperty("limits").GetString());
        Assert.Contains(sandbox.GetProperty("limits").GetString(), new[] { "cgroup-v1", "cgroup-v2", "rlimits" });
        Assert.True(sandbox.GetProperty("pid_namespace").GetBoolean());
        Assert.Equal("ready", health.RootElement.GetProperty("worker").GetProperty("state").GetString());
    }

    [Fact]
    public async Task WorkerKilledFromOutside_IsRestarted_WithTheSignalInLastError()
    {
        var supervisor = await app.StartReadyAsync();
        var restarts = supervisor.RestartCount;
        var pid = supervisor.ProcessId!.Value;

        using (var worker = Process.GetProcessById(pid)) worker.Kill();
        await WaitUntilAsync(() => supervisor.RestartCount > restarts);
        await supervisor.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), CancellationToken.None);

        Assert.Equal(restarts + 1, supervisor.RestartCount);
        Assert.Contains("signal 9 (SIGKILL)", supervisor.LastError);
        Assert.NotEqual(pid, supervisor.ProcessId);
        Assert.Equal("TinyStories-656K-Q8_0.gguf", supervisor.Model?.Id);
    }

    [Fact]
    public void WorkerEnvironment_ResolvesRelativeModelDirectoriesAgainstTheSettingsRoot()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Engine:ModelDirectories:0"] = "models",
            ["Engine:ModelDirectories:1"] = "../shared/models",
            ["Engine:ModelDirectories:2"] = "/abs/models",
            ["Engine:DefaultModel"] = "sub/x.gguf",
            ["Engine:Threads"] = "3",
        }).Build();
        var supervisor = new WorkerSupervisor(Options.Create(new WebOptions()), configuration, "/srv/wb/repo",
            new NoHttpClients(), NullLoggerFactory.Instance);

        var env = supervisor.BuildWorkerEnvironment();

        Assert.Equal("/srv/wb/repo/models", env["Engine__ModelDirectories__0"]);
        Assert.Equal("/srv/wb/shared/models", env["Engine__ModelDirectories__1"]);
        Assert.Equal("/abs/models", env["Engine__ModelDirectories__2"]);
        Assert.Equal("/srv/wb/repo/sub/x.gguf", env["Engine__DefaultModel"]);
        Assert.Equal("3", env["Engine__Threads"]);
        Assert.Equal("1", env["GGML_NO_BACKTRACE"]);
    }

    [Theory]
    [InlineData(1, 250)]
    [InlineData(2, 500)]
    [InlineData(5, 4_000)]
    [InlineData(8, 30_000)]
    [InlineData(1_000, 30_000)]
    public void RestartBackoff_DoublesFrom250Milliseconds_UpToTheCap(int consecutiveCrashes, int expectedMilliseconds)
    {
        var supervisor = new WorkerSupervisor(Options.Create(new WebOptions { MaxRestartBackoffSeconds = 30 }), new ConfigurationBuilder().Build(),
            "/srv/wb/repo", new NoHttpClients(), NullLoggerFactory.Instance);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), supervisor.RestartBackoff(consecutiveCrashes));
    }

    [Fact]
    public void SettingsRoot_FromTheWebProjectFolder_IsTheRepositoryRoot()
    {
        var root = WorkbenchPaths.FindSettingsRoot(Path.Combine(TestPaths.RepoRoot, "src", "Web"));

        Assert.Equal(TestPaths.RepoRoot.TrimEnd('/'), root);
        Assert.True(File.Exists(Path.Combine(root, WorkbenchPaths.SettingsFileName)));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out.");
            await Task.Delay(50);
        }
    }

    private sealed class NoHttpClients : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => throw new InvalidOperationException("Not used.");
    }
}
