using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Lab.Tools.Builtin;

namespace Workbench.Lab.Tests.Tools.Builtin;

public sealed class BuiltinToolsRegistrationTests
{
    [Fact]
    public void AddLab_RegistersTheRegistry_SearchingTheContentFolder()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Lab:ContentDirectory"] = "labs" }).Build();
        using var provider = new ServiceCollection().AddLogging().AddLab(configuration, "/repo").BuildServiceProvider();

        var tools = provider.GetRequiredService<BuiltinTools>();

        Assert.Same(tools, provider.GetRequiredService<BuiltinTools>());
        Assert.Equal("/repo/labs", Assert.IsType<FileSearchTool>(tools.Find("search_files")).Root);
    }
}
