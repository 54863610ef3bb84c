using System.Text.Json;

namespace Workbench.Web.Tests.Hosting;

/// <summary>
/// The real app with the story model stories260K as the default model and TinyStories as the tool model
/// (<c>Engine:ToolModel</c> by file name, resolved in the shared model folder): one app for the whole class, the
/// main worker started and ready, the tool worker not yet started. <see cref="HealthBeforeUse"/> is <c>/health</c> as
/// it was then, before any test could have used the tool model.
/// </summary>
public sealed class ToolModelAppFixture : IAsyncLifetime
{
    /// <summary>The default model's file name.</summary>
    public const string DefaultModel = "stories260K.gguf";

    /// <summary>The tool model's file name.</summary>
    public const string ToolModel = "TinyStories-656K-Q8_0.gguf";

    /// <summary>The app.</summary>
    public WorkbenchAppFactory App { get; } = new();

    /// <summary><c>GET /health</c> right after the main worker became ready.</summary>
    public JsonElement HealthBeforeUse { get; private set; }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        App.Settings["Engine:DefaultModel"] = Path.Combine(TestPaths.SharedModels, DefaultModel);
        App.Settings["Engine:ToolModel"] = ToolModel;
        await App.StartReadyAsync();
        using var client = App.CreateClient();
        HealthBeforeUse = JsonDocument.Parse(await client.GetStringAsync("/health")).RootElement.Clone();
    }

    /// <inheritdoc />
    public async Task DisposeAsync() => await App.DisposeAsync();
}
