using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Workbench.Engine;
using Workbench.Engine.Inference;
using Workbench.Engine.Models;
using Workbench.Lab.Backends;
using Workbench.Web.Hosting;

namespace Workbench.Web.Tests.Hosting;

/// <summary>
/// The tool model's worker beside the main one (issue 15), through the real app and two real worker processes:
/// started on first use, requests routed by <c>model</c>, both models in <c>/v1/models</c>, restarted after a SIGKILL,
/// and listed as the <c>workbench-tools</c> backend.
/// </summary>
public sealed class ToolModelWorkerTests(ToolModelAppFixture fixture) : IClassFixture<ToolModelAppFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static object Chat(string? model) => model is null
        ? new { messages = new[] { new { role = "user", content = "Once upon a time" } }, max_tokens = 6, seed = 1 }
        : new { model, messages = new[] { new { role = "user", content = "Once upon a time" } }, max_tokens = 6, seed = 1 };

    private ToolModelWorker ToolWorker => fixture.App.Services.GetRequiredService<ToolModelWorker>();

    [Fact]
    public void BeforeFirstUse_TheToolWorkerIsNotStarted_AndHealthSaysSo()
    {
        var tool = fixture.HealthBeforeUse.GetProperty("tool_worker");
        Assert.Equal("not_started", tool.GetProperty("state").GetString());
        Assert.Equal(ToolModelAppFixture.ToolModel, tool.GetProperty("model").GetString());
        Assert.Equal(JsonValueKind.Null, tool.GetProperty("process_id").ValueKind);
        // The main worker's object is unchanged beside it.
        Assert.Equal("ready", fixture.HealthBeforeUse.GetProperty("worker").GetProperty("state").GetString());
        Assert.Equal(ToolModelAppFixture.DefaultModel, fixture.HealthBeforeUse.GetProperty("worker").GetProperty("model").GetString());
    }

    [Fact]
    public async Task RequestNamingTheToolModel_IsAnsweredByTheToolWorker_OthersByTheMainWorker_AndAKilledToolWorkerComesBack()
    {
        var main = await fixture.App.StartReadyAsync();
        var http = fixture.App.CreateClient();

        // Without model: the main worker, and the tool worker is still not started (a request that does not need it starts nothing).
        using (var plain = await http.PostAsJsonAsync("/v1/chat/completions", Chat(null)))
        {
            Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
            Assert.Equal(ToolModelAppFixture.DefaultModel, (await plain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("model").GetString());
        }
        using (var named = await http.PostAsJsonAsync("/v1/chat/completions", Chat("stories260K")))
            Assert.Equal(ToolModelAppFixture.DefaultModel, (await named.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("model").GetString());

        // The tool model by its file name without .gguf: the tool worker starts on this request and answers it.
        using (var tool = await http.PostAsJsonAsync("/v1/chat/completions", Chat("TinyStories-656K-Q8_0")))
        {
            Assert.Equal(HttpStatusCode.OK, tool.StatusCode);
            var body = await tool.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(ToolModelAppFixture.ToolModel, body.GetProperty("model").GetString());
            Assert.True(body.GetProperty("usage").GetProperty("completion_tokens").GetInt32() > 0);
        }
        var toolSupervisor = ToolWorker.Supervisor!;
        Assert.True(toolSupervisor.IsStarted);
        Assert.Equal(WorkerState.Ready, toolSupervisor.State);
        Assert.NotEqual(main.ProcessId, toolSupervisor.ProcessId);
        Assert.Equal(ToolModelAppFixture.DefaultModel, main.Model?.Id); // the main worker kept its model
        using (var worker = Process.GetProcessById(toolSupervisor.ProcessId!.Value)) Assert.Equal("Workbench.Web", worker.ProcessName);

        // /v1/completions by the full file name, and the id /v1/models reports: the tool worker too.
        using (var completion = await http.PostAsJsonAsync("/v1/completions", new { model = ToolModelAppFixture.ToolModel, prompt = "Once upon a time", max_tokens = 4 }))
            Assert.Equal(ToolModelAppFixture.ToolModel, (await completion.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("model").GetString());
        var ids = (await http.GetFromJsonAsync<JsonElement>("/v1/models")).GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.Equal([ToolModelAppFixture.DefaultModel, ToolModelAppFixture.ToolModel], ids);

        var health = await http.GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal("ready", health.GetProperty("tool_worker").GetProperty("state").GetString());
        Assert.Equal(toolSupervisor.ProcessId, health.GetProperty("tool_worker").GetProperty("process_id").GetInt32());

        // SIGKILL the tool worker: its supervisor restarts it, and the next request naming it succeeds.
        var restarts = toolSupervisor.RestartCount;
        var pid = toolSupervisor.ProcessId!.Value;
        using (var worker = Process.GetProcessById(pid)) worker.Kill();
        await WaitUntilAsync(() => toolSupervisor.RestartCount > restarts);
        using (var again = await http.PostAsJsonAsync("/v1/chat/completions", Chat("TinyStories-656K-Q8_0")))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal(ToolModelAppFixture.ToolModel, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("model").GetString());
        }
        Assert.Contains("signal 9 (SIGKILL)", toolSupervisor.LastError);
        Assert.NotEqual(pid, toolSupervisor.ProcessId);
        Assert.Equal(ToolModelAppFixture.DefaultModel, main.Model?.Id);
        Assert.Equal(0, main.RestartCount);
    }

    [Fact]
    public async Task Backends_ListWorkbenchTools_AfterTheBuiltInEngine_WithTheToolModel()
    {
        var http = fixture.App.CreateClient();

        var list = await http.GetFromJsonAsync<JsonElement>("/api/backends");

        var names = list.EnumerateArray().Select(b => b.GetProperty("name").GetString()).ToList();
        Assert.Equal([IChatBackends.BuiltInName, IChatBackends.ToolModelName], names);
        var tools = list[1];
        Assert.Equal("Workbench tool model (trained in this lab)", tools.GetProperty("displayName").GetString());
        Assert.Equal(ToolModelAppFixture.ToolModel, tools.GetProperty("model").GetString());
        Assert.True(tools.GetProperty("isBuiltIn").GetBoolean());
        Assert.True(tools.GetProperty("isAvailable").GetBoolean());
        Assert.Equal(JsonValueKind.Null, tools.GetProperty("note").ValueKind);
        // n_ctx of the tool worker once it runs (null before: listing does not start it).
        var context = tools.GetProperty("contextWindow");
        if (ToolWorker.Supervisor?.Model is { } model) Assert.Equal(model.ContextSize, context.GetInt32());
        else Assert.Equal(JsonValueKind.Null, context.ValueKind);
    }

    [Fact]
    public async Task ToolBackendChatClient_RunsOnTheToolWorker()
    {
        var backends = fixture.App.Services.GetRequiredService<IChatBackends>();
        using var client = backends.GetChatClient(IChatBackends.ToolModelName);

        var response = await client.GetResponseAsync(
            [new Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.User, "Once upon a time")],
            new Microsoft.Extensions.AI.ChatOptions { MaxOutputTokens = 4, Seed = 1 });

        Assert.Equal(ToolModelAppFixture.ToolModel, response.ModelId);
        Assert.True(response.Usage?.OutputTokenCount > 0);
        Assert.Equal(ToolModelAppFixture.ToolModel, backends.List()[1].Model);
        Assert.Equal(ToolWorker.Supervisor!.Model!.ContextSize, backends.List()[1].ContextWindow);
    }

    [Fact]
    public async Task ToolEngine_RefusesModelLoads()
    {
        var engine = fixture.App.Services.GetRequiredService<IToolModelBackend>().Engine;

        var error = await Assert.ThrowsAsync<ModelLoadException>(() => engine.LoadModelAsync(TestPaths.TinyStories, null, CancellationToken.None));

        Assert.Contains("Engine:ToolModel", error.Message);
    }

    [Fact]
    public void EmptySetting_TurnsTheFeatureOff_AndTheBackendIsNotListed()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Engine:ToolModel"] = "",
            ["Engine:ModelDirectories:0"] = TestPaths.SharedModels,
        }).Build();
        var options = new EngineOptions { ModelDirectories = [TestPaths.SharedModels] };
        using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var worker = new ToolModelWorker(Options.Create(new WebOptions()), configuration, TestPaths.RepoRoot,
            new ModelCatalog(options, TestPaths.RepoRoot), services.GetRequiredService<IHttpClientFactory>(), NullLoggerFactory.Instance);
        var backends = new ChatBackends(Options.Create(new BackendOptions()), worker.Engine, worker);

        Assert.False(worker.IsConfigured);
        Assert.Null(worker.Supervisor);
        Assert.False(worker.Names("workbench-tools"));
        Assert.Equal([IChatBackends.BuiltInName], backends.List().Select(b => b.Name));
        Assert.Throws<BackendNotFoundException>(() => backends.GetChatClient(IChatBackends.ToolModelName));
        Assert.Equal("off", ToolWorkerHealth.Of(worker).State);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Timeout) throw new TimeoutException("Condition not met in time.");
            await Task.Delay(50);
        }
    }
}
