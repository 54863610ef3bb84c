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
/// The real API in process on stories260K (vocab 512 with byte-fallback tokens, so under a grammar it can write any
/// JSON): a Kestrel WebApplication on http://127.0.0.1:0 with <c>AddEngine</c> (a real <see cref="LlamaEngine"/>,
/// 512-token window, 2 sequences, 1 thread) and <c>MapOpenAiApi</c>. Shared by the structured-output and grammar-trace
/// tests, which also call <see cref="Engine"/> in process to compare with what crosses the wire.
/// </summary>
public sealed class ResponseFormatServerFixture : IAsyncLifetime
{
    /// <summary>The per-sequence context window (n_ctx) the fixture configures.</summary>
    public const int ContextSize = 512;

    private WebApplication? _app;

    /// <summary>Root address, for example <c>http://127.0.0.1:40123</c> (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The engine behind the API.</summary>
    public IInferenceEngine Engine { get; private set; } = null!;

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
            ["Engine:ModelDirectories:0"] = TestModels.ModelsDirectory,
            ["Engine:DefaultModel"] = "",
            ["Engine:Threads"] = "1",
            ["Engine:ParallelSequences"] = "2",
            ["Engine:ContextSize"] = ContextSize.ToString(),
        });
        builder.Services.AddEngine(builder.Configuration);

        _app = builder.Build();
        _app.MapOpenAiApi();
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First().TrimEnd('/');
        Engine = _app.Services.GetRequiredService<IInferenceEngine>();
        Model = await Engine.LoadModelAsync(TestModels.Stories260K, null, CancellationToken.None);
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(120) };
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
}

/// <summary>The test collection sharing one <see cref="ResponseFormatServerFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ResponseFormatCollection : ICollectionFixture<ResponseFormatServerFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "response-format";
}
