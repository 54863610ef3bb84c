using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workbench.Engine.Inference;
using Workbench.Engine.Tests.TestSupport;
using Xunit;

namespace Workbench.Engine.Tests.Serving;

/// <summary>
/// The real API in process on TinyStories-656K (4096-token window, 2 sequences), the engine wrapped in a
/// <see cref="RecordingEngine"/>. Shared by the tests of the <c>api</c> collection (they run one after another).
/// </summary>
public sealed class ApiServerFixture()
    : OpenAiApiServerFixture<RecordingEngine>(ModelPath(ModelFileName), ContextSize, TimeSpan.FromSeconds(60))
{
    /// <summary>The per-sequence context window the fixture configures.</summary>
    public const int ContextSize = 4096;

    /// <summary>The model every test loads.</summary>
    public const string ModelFileName = "TinyStories-656K-Q8_0.gguf";

    /// <summary>Full path of a model in <c>&lt;repo&gt;/../shared/models</c>.</summary>
    public static string ModelPath(string fileName) => TestModels.Path(fileName);

    /// <inheritdoc />
    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton(sp => new RecordingEngine(new LlamaEngine(
            sp.GetRequiredService<EngineOptions>(), sp.GetService<ILogger<LlamaEngine>>())));
        services.AddSingleton<IInferenceEngine>(sp => sp.GetRequiredService<RecordingEngine>());
    }
}

/// <summary>The test collection sharing one <see cref="ApiServerFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiServerFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "api";
}
