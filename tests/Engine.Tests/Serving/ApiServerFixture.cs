using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workbench.Engine.Inference;
using Workbench.Engine.Serving;
using Workbench.Engine.Tests.TestSupport;
using Xunit;

namespace Workbench.Engine.Tests.Serving;

/// <summary>
/// The real API in process: a Kestrel WebApplication on http://127.0.0.1:0 with <c>AddEngine</c> (a real
/// LlamaEngine on TinyStories-656K, 1024-token window, 2 sequences) wrapped in a <see cref="RecordingEngine"/>,
/// and <c>MapOpenAiApi</c>. Shared by the tests of the <c>api</c> collection (they run one after another).
/// </summary>
public sealed class ApiServerFixture : IAsyncLifetime
{
    /// <summary>The per-sequence context window the fixture configures.</summary>
    public const int ContextSize = 4096;

    /// <summary>The model every test loads.</summary>
    public const string ModelFileName = "TinyStories-656K-Q8_0.gguf";

    private WebApplication? _app;

    /// <summary>Root address, for example <c>http://127.0.0.1:40123</c> (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The engine behind the API, recording every generation's final update.</summary>
    public RecordingEngine Engine { get; private set; } = null!;

    /// <summary>The loaded model.</summary>
    public ModelInfo Model { get; private set; } = null!;

    /// <summary>A client on <see cref="BaseUrl"/>.</summary>
    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Engine:ModelDirectories:0"] = Path.GetDirectoryName(ModelPath(ModelFileName)),
            ["Engine:DefaultModel"] = "",
            ["Engine:Threads"] = "1",
            ["Engine:ParallelSequences"] = "2",
            ["Engine:ContextSize"] = ContextSize.ToString(),
        });
        builder.Services.AddSingleton(sp => new RecordingEngine(new LlamaEngine(
            sp.GetRequiredService<EngineOptions>(), sp.GetService<ILogger<LlamaEngine>>())));
        builder.Services.AddSingleton<IInferenceEngine>(sp => sp.GetRequiredService<RecordingEngine>());
        builder.Services.AddEngine(builder.Configuration);

        _app = builder.Build();
        _app.MapOpenAiApi();
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First().TrimEnd('/');
        Engine = _app.Services.GetRequiredService<RecordingEngine>();
        Model = await Engine.LoadModelAsync(ModelPath(ModelFileName), null, CancellationToken.None);
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>Full path of a model in <c>&lt;repo&gt;/../shared/models</c>.</summary>
    public static string ModelPath(string fileName) => TestModels.Path(fileName);
}

/// <summary>The test collection sharing one <see cref="ApiServerFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiServerFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "api";
}
