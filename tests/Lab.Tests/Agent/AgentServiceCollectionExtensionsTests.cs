using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Agent;
using Workbench.Lab.Agent.Experiments;
using Workbench.Lab.Agent.Sandboxed;
using Workbench.Lab.Tests.Agent.Experiments;

namespace Workbench.Lab.Tests.Agent;

/// <summary>AddLab → AddAgent: options resolved against the content root, defaults, validation, the singletons.</summary>
public sealed class AgentServiceCollectionExtensionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings, string contentRoot, bool withRunner = true)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddLab(configuration, contentRoot);
        if (withRunner) services.AddSingleton<IAgentRunner>(new ScriptedAgentRunner(_ => false));
        return services.BuildServiceProvider();
    }

    [Fact]
    public void AddLab_DefaultTaskFolder_IsLab08sUnderTheContentRoot()
    {
        using var data = new TempDirectory();
        using var provider = Build(new() { ["Lab:DataDirectory"] = data.Path }, TestModels.RepoRoot);

        var options = provider.GetRequiredService<IOptions<AgentOptions>>().Value;
        Assert.Equal([Path.Combine(TestModels.RepoRoot, "labs", "08-coding-agent", "tasks")], options.TaskDirectories);
        Assert.Equal(2, options.MaxConcurrentRuns);
        Assert.NotNull(provider.GetRequiredService<AgentTaskCatalog>().Get("py-regex-anchor"));
        Assert.Equal(Path.Combine(data.Path, "agent-experiments"), provider.GetRequiredService<AgentExperimentStore>().Directory);
        Assert.NotNull(provider.GetRequiredService<AgentExperimentRunner>());
        Assert.Same(provider.GetRequiredService<AgentCommandRunner>(), provider.GetRequiredService<AgentCommandRunner>());
    }

    [Fact]
    public void AddLab_ConfiguredFolders_RelativeToTheContentRoot()
    {
        using var provider = Build(new() { ["Agent:TaskDirectories:0"] = "mine", ["Agent:TaskDirectories:1"] = "/abs/tasks", ["Agent:MaxConcurrentRuns"] = "4" }, "/repo");

        var options = provider.GetRequiredService<IOptions<AgentOptions>>().Value;
        Assert.Equal(["/repo/mine", "/abs/tasks"], options.TaskDirectories);
        Assert.Equal(4, options.MaxConcurrentRuns);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("17")]
    public void AddLab_MaxConcurrentRunsOutOfRange_FailsValidation(string value)
    {
        using var provider = Build(new() { ["Agent:MaxConcurrentRuns"] = value }, "/repo");

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AgentOptions>>().Value);
        Assert.Contains("Agent:MaxConcurrentRuns", e.Message);
    }
}
