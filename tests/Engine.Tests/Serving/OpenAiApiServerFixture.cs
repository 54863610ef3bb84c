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
/// <see cref="LlamaEngine"/> over the shared models directory, 2 sequences, 1 thread) and <c>MapOpenAiApi</c>, with
/// one model loaded. Subclasses pick the model, the window and the engine type.
/// </summary>
/// <typeparam name="TEngine">The type of the <see cref="IInferenceEngine"/> service, as <see cref="Engine"/> exposes it.</typeparam>
/// <param name="modelPath">Full path of the model to load.</param>
/// <param name="contextSize">The per-sequence context window (n_ctx).</param>
/// <param name="httpTimeout">Timeout of <see cref="Http"/>.</param>
public abstract class OpenAiApiServerFixture<TEngine>(string modelPath, int contextSize, TimeSpan httpTimeout) : IAsyncLifetime
    where TEngine : class, IInferenceEngine
{
    private WebApplication? _app;

    /// <summary>Root address, for example <c>http://127.0.0.1:40123</c> (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The engine behind the API.</summary>
    public TEngine Engine { get; private set; } = null!;

    /// <summary>The loaded model.</summary>
    public ModelInfo Model { get; private set; } = null!;

    /// <summary>A client on <see cref="BaseUrl"/>.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>Registers services before <c>AddEngine</c>, for example an <see cref="IInferenceEngine"/> decorator
    /// (<c>AddEngine</c> adds a plain <see cref="LlamaEngine"/> when none is registered).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

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
            ["Engine:ContextSize"] = contextSize.ToString(),
        });
        ConfigureServices(builder.Services);
        builder.Services.AddEngine(builder.Configuration);

        _app = builder.Build();
        _app.MapOpenAiApi();
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First().TrimEnd('/');
        Engine = (TEngine)_app.Services.GetRequiredService<IInferenceEngine>();
        Model = await Engine.LoadModelAsync(modelPath, null, CancellationToken.None);
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = httpTimeout };
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
