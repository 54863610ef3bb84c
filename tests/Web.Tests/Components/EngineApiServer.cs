using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workbench.Engine;
using Workbench.Engine.Inference;
using Workbench.Engine.Serving;

namespace Workbench.Web.Tests.Components;

/// <summary>The engine's real OpenAI-compatible API (<c>MapOpenAiApi</c>) on Kestrel at http://127.0.0.1:0, over an
/// engine a fixture owns: what the worker process serves in the app.</summary>
public sealed class EngineApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EngineApiServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The API root, for example <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri Address { get; }

    /// <summary>Starts the server.</summary>
    /// <param name="engine">The engine to serve, with its model loaded; not disposed by the server.</param>
    public static async Task<EngineApiServer> StartAsync(IInferenceEngine engine)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Engine:ModelDirectories:0"] = LoadedEngineFixture.ModelsDirectory,
            ["Engine:DefaultModel"] = "",
            ["Engine:Threads"] = "1",
        });
        builder.Services.AddSingleton(engine);
        builder.Services.AddEngine(builder.Configuration);
        var app = builder.Build();
        app.MapOpenAiApi();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";
        return new EngineApiServer(app, new Uri(address));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
