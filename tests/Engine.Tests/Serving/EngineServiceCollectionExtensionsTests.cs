using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Workbench.Engine.Inference;
using Workbench.Engine.Models;
using Xunit;

namespace Workbench.Engine.Tests.Serving;

public sealed class EngineServiceCollectionExtensionsTests
{
    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddEngine(builder.Configuration);
        return builder.Build();
    }

    [Fact]
    public void AddEngine_BindsTheEngineSection_AndRegistersTheServices()
    {
        using var host = Build(new()
        {
            ["Engine:ModelDirectories:0"] = "/opt/models",
            ["Engine:ParallelSequences"] = "3",
            ["Engine:ChatTemplate"] = "llama3",
        });
        var options = host.Services.GetRequiredService<EngineOptions>();
        Assert.Equal(3, options.ParallelSequences);
        Assert.Equal("llama3", options.ChatTemplate);
        Assert.Equal(["/opt/models"], options.ModelDirectories); // replaces the defaults, not appended to them
        Assert.Equal(["/opt/models"], host.Services.GetRequiredService<ModelCatalog>().Directories);
        Assert.Contains(host.Services.GetServices<IInferenceEngine>(), e => e is LlamaEngine);
    }

    [Fact]
    public async Task AddEngine_InvalidOptions_FailStartWithTheSettingName()
    {
        using var host = Build(new() { ["Engine:ParallelSequences"] = "0" });
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Engine:ParallelSequences", error.Message);
    }
}
