using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Workbench.Lab.Content;

namespace Workbench.Lab.Tests.Content;

/// <summary><c>AddLabContent</c>: the catalog singleton, start-up failing on invalid content, the load log line.</summary>
public sealed class LabContentServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddLabContent_InvalidContent_HostStartThrowsLabContentException()
    {
        using var host = BuildHost(ContentTestPaths.Fixture("invalid"), new LogCapture());

        var ex = await Assert.ThrowsAsync<LabContentException>(() => host.StartAsync());

        Assert.Contains(new ContentError("body/lab.md", 13, "unknown widget 'wire-inspektor' (known: agent-experiment, agent-run, chat-playground, context-gauge, forgetting-demo, grammar-steps, history-strategies, mcp-servers, mcp-tool-loop, mcp-tool-try, mcp-traffic, precision-picture, quant-compare, quantize, schema-modes, stream-compare, tool-definitions, tool-format-gallery, tool-loop-trace, tool-parser-matching, training-run, vram-calculator, weight-view, wire-inspector)"), ex.Errors);
    }

    [Fact]
    public async Task AddLabContent_ValidContent_StartsWithTheCatalogAndLogsTheLabCount()
    {
        var log = new LogCapture();
        using var host = BuildHost(ContentTestPaths.Fixture("valid"), log);

        await host.StartAsync();
        var catalog = host.Services.GetRequiredService<ILabCatalog>();

        Assert.IsType<LabCatalog>(catalog);
        Assert.Same(catalog, host.Services.GetRequiredService<ILabCatalog>());
        Assert.Equal(["second", "intro"], catalog.Labs.Select(l => l.Id));
        Assert.Contains(log.Messages, m => m.StartsWith("Loaded 2 labs (3 exercises) from ", StringComparison.Ordinal));
        await host.StopAsync();
    }

    private static IHost BuildHost(string contentDirectory, LogCapture log)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddProvider(log);
        builder.Services.Configure<LabOptions>(o => o.ContentDirectory = contentDirectory);
        builder.Services.AddLabContent();
        return builder.Build();
    }

    private sealed class LogCapture : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Enqueue(formatter(state, exception));

        public void Dispose()
        {
        }
    }
}
