using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Lab.Backends;
using Workbench.Web.Hosting;

namespace Workbench.Web.Tests.Hosting;

/// <summary>
/// <c>Engine:ToolModel</c> naming a file that is not in the model folders: the app starts as usual, the feature is off
/// with one clear note in <c>/api/backends</c> and <c>/health</c>, and requests naming the model get OpenAI's 404
/// <c>model_not_found</c> (none of this needs the main worker, so the tests do not wait for it).
/// </summary>
public sealed class MissingToolModelTests : IClassFixture<MissingToolModelTests.App>
{
    private const string Missing = "no-such-tool-model.gguf";
    private readonly App _app;

    public MissingToolModelTests(App app) => _app = app;

    /// <summary>The app with the missing tool model.</summary>
    public sealed class App : IAsyncLifetime
    {
        public WorkbenchAppFactory Factory { get; } = new();

        public Task InitializeAsync()
        {
            Factory.Settings["Engine:ToolModel"] = Missing;
            _ = Factory.Services; // starts the app
            return Task.CompletedTask;
        }

        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }

    [Fact]
    public void Worker_IsOff_WithANoteNamingTheFileAndTheFolders()
    {
        var worker = _app.Factory.Services.GetRequiredService<ToolModelWorker>();

        Assert.True(worker.IsConfigured);
        Assert.False(worker.IsAvailable);
        Assert.Null(worker.Supervisor);
        Assert.Contains($"The tool model '{Missing}' (Engine:ToolModel) is not in the model folders", worker.Note);
        Assert.Contains(TestPaths.SharedModels, worker.Note);
    }

    [Fact]
    public async Task Backends_ListWorkbenchTools_AsUnavailable_WithTheNote()
    {
        var list = await _app.Factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/backends");

        var tools = list.EnumerateArray().Single(b => b.GetProperty("name").GetString() == IChatBackends.ToolModelName);
        Assert.False(tools.GetProperty("isAvailable").GetBoolean());
        Assert.Contains($"'{Missing}'", tools.GetProperty("note").GetString());
        Assert.Contains("backend is off", tools.GetProperty("note").GetString());
        var backends = _app.Factory.Services.GetRequiredService<IChatBackends>();
        var error = Assert.Throws<BackendException>(() => backends.GetChatClient(IChatBackends.ToolModelName));
        Assert.Contains(Missing, error.Message);
        Assert.Equal(IChatBackends.BuiltInName, BackendDefaults.ForToolModules(backends.List()));
    }

    [Fact]
    public async Task Health_SaysTheToolWorkerIsOff_AndWhy()
    {
        using var response = await _app.Factory.CreateClient().GetAsync("/health");

        var tool = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tool_worker");
        Assert.Equal("off", tool.GetProperty("state").GetString());
        Assert.Equal(Missing, tool.GetProperty("model").GetString());
        Assert.Contains("not in the model folders", tool.GetProperty("note").GetString());
    }

    [Theory]
    [InlineData("/v1/chat/completions", "no-such-tool-model")]
    [InlineData("/v1/completions", Missing)]
    public async Task RequestNamingTheMissingModel_Is404ModelNotFound(string path, string model)
    {
        object body = path.EndsWith("chat/completions", StringComparison.Ordinal)
            ? new { model, messages = new[] { new { role = "user", content = "hi" } }, max_tokens = 4 }
            : new { model, prompt = "hi", max_tokens = 4 };

        using var response = await _app.Factory.CreateClient().PostAsJsonAsync(path, body);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("model_not_found", error.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("model", error.GetProperty("param").GetString());
        Assert.StartsWith($"The model '{model}' does not exist.", error.GetProperty("message").GetString());
    }
}
