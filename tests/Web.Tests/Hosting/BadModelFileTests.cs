using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Engine.Inference;
using Workbench.Web.Components.Pages.Model;
using Workbench.Web.Components.State;
using Workbench.Web.Hosting;
using Xunit;

namespace Workbench.Web.Tests.Hosting;

/// <summary>
/// Issue 10, finding 5: a GGUF with <c>llama.block_count = 0</c> (a real copy of TinyStories, patched; llama.cpp's
/// loader aborts on it) crashed the worker on every load, and six such loads in a minute stopped the supervisor for
/// good. Now the first load crashes the worker, the supervisor comes back with the previous model, marks the file
/// bad (path, size, modification time) and refuses it afterwards without a crash, until the file changes. The file is
/// written into a model folder configured for the test, as a student's sandbox could have written it.
/// </summary>
public sealed class BadModelFileTests : IAsyncLifetime
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(60);
    private readonly WorkbenchAppFactory _app = new();
    private readonly string _models = Directory.CreateTempSubdirectory("wb-bad-models-").FullName;

    public Task InitializeAsync()
    {
        _app.Settings["Engine:ModelDirectories:1"] = _models;
        _app.Settings["Web:MaxRestartBackoffSeconds"] = "1";
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_models, recursive: true);
    }

    [Fact]
    public async Task LoadThatCrashesTheWorker_RestoresThePreviousModel_MarksTheFile_AndRefusesItWithoutACrash()
    {
        var supervisor = await _app.StartReadyAsync();
        var client = _app.CreateClient();
        var crafted = Path.Combine(_models, "block-count-zero.gguf");
        GgufPatcher.WriteWithUInt32(TestPaths.TinyStories, crafted, "llama.block_count", 0);

        using (var crash = await client.PostAsJsonAsync("/models/load", new { path = "block-count-zero.gguf" }).WaitAsync(Step))
        {
            Assert.Contains("worker_unavailable", await crash.Content.ReadAsStringAsync());
        }
        await WaitUntilAsync(() => supervisor.RestartCount == 1 && supervisor.State == WorkerState.Ready);

        // Back with the previous model; the file is marked with its size and modification time.
        Assert.Equal(TestPaths.Real(TestPaths.TinyStories), TestPaths.Real(supervisor.Model?.Path ?? ""));
        var bad = Assert.Single(supervisor.BadFiles);
        Assert.Equal(crafted, bad.Path);
        Assert.Equal(new FileInfo(crafted).Length, bad.SizeInBytes);
        Assert.Equal(File.GetLastWriteTimeUtc(crafted), bad.LastWriteTimeUtc);
        Assert.Contains("SIGABRT", bad.Error);

        // A second load (by path this time) is refused before it reaches the worker: no crash, no restart.
        var pid = supervisor.ProcessId;
        using (var again = await client.PostAsJsonAsync("/models/load", new { path = crafted }).WaitAsync(Step))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
            var error = JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
            Assert.Equal("model_crashed_engine", error.GetProperty("code").GetString());
            Assert.Equal("path", error.GetProperty("param").GetString());
            Assert.StartsWith("This file crashed the engine at ", error.GetProperty("message").GetString());
            Assert.Contains("SIGABRT", error.GetProperty("message").GetString());
        }
        var engine = _app.Services.GetRequiredService<IInferenceEngine>(); // the Model page's way in
        var refused = await Assert.ThrowsAsync<ModelLoadRefusedException>(() => engine.LoadModelAsync(crafted, null, CancellationToken.None));
        Assert.Equal(422, refused.Status);
        await Task.Delay(TimeSpan.FromSeconds(2)); // two health checks: the worker is still the same one
        Assert.Equal(pid, supervisor.ProcessId);
        Assert.Equal(1, supervisor.RestartCount);
        Assert.Equal(WorkerState.Ready, supervisor.State);

        // /health: the worker's own fields and the supervisor's status.
        using (var health = await client.GetAsync("/health"))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            var json = JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("ok", json.GetProperty("status").GetString());
            Assert.True(json.TryGetProperty("slots_processing", out _));
            var worker = json.GetProperty("worker");
            Assert.Equal("ready", worker.GetProperty("state").GetString());
            Assert.Equal(1, worker.GetProperty("restarts").GetInt32());
            Assert.Equal(pid, worker.GetProperty("process_id").GetInt32());
            Assert.Contains("SIGABRT", worker.GetProperty("last_error").GetString());
            var file = Assert.Single(worker.GetProperty("bad_files").EnumerateArray());
            Assert.Equal("block-count-zero.gguf", file.GetProperty("file").GetString());
            Assert.Equal(bad.SizeInBytes, file.GetProperty("size_bytes").GetInt64());
            Assert.DoesNotContain(_models, file.ToString()); // no host paths for anonymous callers
        }

        // The Model page's worker card, over the app's real worker status.
        using (var ui = new BunitContext())
        {
            ui.Services.AddSingleton(_app.Services.GetRequiredService<IWorkerStatus>());
            var card = ui.Render<WorkerStatusCard>();
            var item = Assert.Single(card.FindAll("[aria-label='Refused model files'] li"));
            Assert.Contains("block-count-zero.gguf crashed the engine at", item.TextContent);
            var rows = card.FindAll("[aria-label='Worker status'] tr")
                .ToDictionary(r => r.QuerySelector("th")!.TextContent, r => r.QuerySelector("td")!.TextContent);
            Assert.Equal("1", rows["Restarts"]);
            Assert.Equal("Ready", rows["State"]);
            Assert.Contains("SIGABRT", rows["Last error"]);
        }

        // A fixed file (new size and modification time) may be loaded again.
        File.Copy(TestPaths.TinyStories, crafted, overwrite: true);
        using (var retry = await client.PostAsJsonAsync("/models/load", new { path = crafted }).WaitAsync(Step))
        {
            Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
            Assert.Contains("data: {\"model\":{", await retry.Content.ReadAsStringAsync());
        }
        Assert.Empty(supervisor.BadFiles);
        Assert.Equal(crafted, supervisor.Model?.Path);
        Assert.Equal(1, supervisor.RestartCount);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Step;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out.");
            await Task.Delay(50);
        }
    }
}
