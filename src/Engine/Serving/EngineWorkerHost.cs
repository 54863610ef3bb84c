using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Workbench.Engine.Serving;

/// <summary>
/// The engine worker process: a minimal Kestrel app serving <see cref="OpenAiApi"/> over an in-process
/// <c>LlamaEngine</c>. The web app starts its own executable with
/// <c>--engine-worker --urls http://127.0.0.1:&lt;port&gt;</c> and supervises it, so a native abort in
/// llama.cpp kills only this process.
/// </summary>
public static class EngineWorkerHost
{
    /// <summary>The switch that selects worker mode; removed from the arguments before configuration reads them.</summary>
    public const string WorkerSwitch = "--engine-worker";

    /// <summary>
    /// Builds and runs the worker until shutdown (SIGTERM/Ctrl+C, or <paramref name="cancellationToken"/>).
    /// Configuration: appsettings.json, environment variables and the arguments (<c>--urls</c>,
    /// <c>--Engine:DefaultModel=...</c>); the content root is the current directory. Loads
    /// <see cref="EngineOptions.DefaultModel"/> (a path, or a name in the model directories) in the background
    /// after start; <c>/health</c> answers 503 <c>loading</c> meanwhile. Logs go to the console.
    /// </summary>
    /// <param name="args">Command-line arguments; <see cref="WorkerSwitch"/> is ignored.</param>
    /// <param name="cancellationToken">Stops the worker.</param>
    /// <returns>The process exit code: 0 after a clean shutdown.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The Engine section is invalid.</exception>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args.Where(a => a != WorkerSwitch).ToArray(),
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Services.AddEngine(builder.Configuration);
        builder.Services.AddHostedService<DefaultModelLoader>();

        await using var app = builder.Build();
        app.MapOpenAiApi();
        await HostingAbstractionsHostExtensions.RunAsync(app, cancellationToken);
        return 0;
    }
}
