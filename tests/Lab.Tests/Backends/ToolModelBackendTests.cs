using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Workbench.Lab.Backends;
using static Workbench.Lab.Tests.Backends.BackendTestConfig;

namespace Workbench.Lab.Tests.Backends;

/// <summary>The name <c>workbench-tools</c> (the lab's tool model, issue 15) is reserved, and the tool modules'
/// default follows its availability.</summary>
public sealed class ToolModelBackendTests
{
    [Fact]
    public void ToolModelName_IsReservedForRemoteBackends()
    {
        using var services = Services(Remote("Workbench-Tools", new Uri("http://x/v1"), "m"));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<BackendOptions>>().Value);

        Assert.Contains("Backends:Workbench-Tools: the name 'workbench-tools' is reserved for the lab's tool model (Engine:ToolModel)",
            string.Join("\n", error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void ToolModules_DefaultToTheToolModel_OnlyWhenItIsAvailable()
    {
        var builtIn = new BackendInfo(IChatBackends.BuiltInName, "Built-in engine", null, null, 2048, IsBuiltIn: true);
        var available = new BackendInfo(IChatBackends.ToolModelName, "Workbench tool model", null, "workbench-tools.gguf", 2048, IsBuiltIn: true);
        var missing = available with { IsAvailable = false, Note = "not found" };

        Assert.Equal(IChatBackends.ToolModelName, BackendDefaults.ForToolModules([builtIn, available]));
        Assert.Equal(IChatBackends.BuiltInName, BackendDefaults.ForToolModules([builtIn, missing]));
        Assert.Equal(IChatBackends.BuiltInName, BackendDefaults.ForToolModules([builtIn]));
        Assert.True(BackendDefaults.IsLocal(IChatBackends.ToolModelName));
        Assert.True(BackendDefaults.IsLocal(null));
        Assert.False(BackendDefaults.IsLocal("vllm"));
    }
}
