using System.Net;
using System.Text.Json;
using Workbench.Web.Hosting;
using Xunit;

namespace Workbench.Web.Tests.Hosting;

/// <summary>
/// Issue 10, finding 5: six crashes within a minute and the supervisor gave up for good ("restart the app"). Here the
/// default model is a real GGUF patched to <c>llama.block_count = 0</c>, so every worker aborts while it starts: the
/// supervisor keeps restarting with a capped backoff (1 s in this test), <c>/health</c> answers with the supervisor's
/// status while no worker is up, and once the file is fixed the next worker serves it.
/// </summary>
public sealed class WorkerRestartBackoffTests : IAsyncLifetime
{
    private const int Crashes = 7;
    private readonly WorkbenchAppFactory _app = new();
    private readonly string _models = Directory.CreateTempSubdirectory("wb-backoff-").FullName;

    public Task InitializeAsync()
    {
        var crafted = Path.Combine(_models, "crashes-on-start.gguf");
        GgufPatcher.WriteWithUInt32(TestPaths.TinyStories, crafted, "llama.block_count", 0);
        _app.Settings["Engine:ModelDirectories:1"] = _models;
        _app.Settings["Engine:DefaultModel"] = crafted;
        _app.Settings["Web:MaxRestartBackoffSeconds"] = "1";
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_models, recursive: true);
    }

    [Fact]
    public async Task SevenCrashesInARow_NeverStopTheRestarts_AndAFixedModelServesAgain()
    {
        var supervisor = _app.Supervisor;
        var client = _app.CreateClient();
        var longestWait = TimeSpan.Zero;
        JsonElement? downHealth = null;
        var deadline = DateTime.UtcNow.AddSeconds(150);
        while (supervisor.RestartCount < Crashes)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Only {supervisor.RestartCount} restarts; state {supervisor.State}: {supervisor.LastError}");
            Assert.NotEqual(WorkerState.Ready, supervisor.State);
            if (supervisor.BackoffUntil is { } until && until - DateTimeOffset.UtcNow > longestWait) longestWait = until - DateTimeOffset.UtcNow;
            if (downHealth is null && supervisor.RestartCount >= 2)
            {
                using var health = await client.GetAsync("/health");
                Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
                downHealth = JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement.Clone();
            }
            await Task.Delay(50);
        }

        Assert.True(longestWait <= TimeSpan.FromSeconds(1.1), $"waited {longestWait} before a restart; the cap is 1 s");
        Assert.NotNull(downHealth);
        Assert.Equal("unavailable", downHealth.Value.GetProperty("status").GetString());
        var worker = downHealth.Value.GetProperty("worker");
        Assert.Contains(worker.GetProperty("state").GetString(), new[] { "starting", "restarting" });
        Assert.True(worker.GetProperty("restarts").GetInt32() >= 2);
        Assert.Contains("SIGABRT", worker.GetProperty("last_error").GetString());
        Assert.Contains("exited during start-up", supervisor.LastError);

        // Fixed: the same file with a good header. The supervisor is still trying, so the next worker serves it.
        var path = Path.Combine(_models, "crashes-on-start.gguf");
        File.Copy(TestPaths.TinyStories, path, overwrite: true);
        await supervisor.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
        Assert.Equal(path, supervisor.Model?.Path);
        using var ok = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }
}
