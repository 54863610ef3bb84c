using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Agent;

namespace Workbench.Lab.Tests.Agent;

/// <summary>The task catalogue on real folders: listing, lookup, and <c>task_dir</c> confinement (outside paths,
/// <c>..</c>, links out of a root).</summary>
public sealed class AgentTaskCatalogTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static AgentTaskCatalog Catalog(params string[] roots) =>
        new(Options.Create(new AgentOptions { TaskDirectories = [.. roots] }), NullLogger<AgentTaskCatalog>.Instance);

    private string MakeTask(string root, string id, string json = "{\"test_command\": \"true\"}")
    {
        var directory = Path.Combine(root, id);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "task.md"), "# " + id + "\n");
        File.WriteAllText(Path.Combine(directory, "task.json"), json);
        return directory;
    }

    [Fact]
    public void Catalog_Lab08Tasks_ListedByIdWithGet()
    {
        var catalog = Catalog(AgentTaskSetTests.TasksRoot);

        Assert.True(catalog.Tasks.Count >= 12);
        Assert.Equal(catalog.Tasks.Select(t => t.Id).Order(StringComparer.Ordinal), catalog.Tasks.Select(t => t.Id));
        Assert.Equal("cstest .", catalog.Get("cs-binary-search")!.TestCommand);
        Assert.Null(catalog.Get("nope"));
    }

    [Fact]
    public void Catalog_BrokenTask_ThrowsNamingTheFile()
    {
        var root = Path.Combine(_temp.Path, "tasks");
        MakeTask(root, "good");
        MakeTask(root, "bad", "{\"title\": \"no command\"}");

        var e = Assert.Throws<AgentTaskException>(() => Catalog(root));
        Assert.Contains(Path.Combine("bad", "task.json"), e.Message);
    }

    [Fact]
    public void Catalog_MissingRoot_SkippedAndFirstRootWins()
    {
        var first = Path.Combine(_temp.Path, "a");
        var second = Path.Combine(_temp.Path, "b");
        MakeTask(first, "same");
        MakeTask(second, "same");
        MakeTask(second, "other");

        var catalog = Catalog(Path.Combine(_temp.Path, "missing"), first, second);

        Assert.Equal(["other", "same"], catalog.Tasks.Select(t => t.Id));
        Assert.StartsWith(first, catalog.Get("same")!.Directory);
    }

    [Fact]
    public void ResolveTaskDirectory_AcceptsOnlyRealFoldersInsideARoot()
    {
        var root = Path.Combine(_temp.Path, "tasks");
        var inside = MakeTask(root, "t1");
        var outside = MakeTask(Path.Combine(_temp.Path, "elsewhere"), "t2");
        var catalog = Catalog(root);
        Directory.CreateSymbolicLink(Path.Combine(root, "link-out"), outside);
        Directory.CreateSymbolicLink(Path.Combine(root, "link-in"), inside);
        Directory.CreateDirectory(Path.Combine(root, "t1", "sub"));
        Directory.CreateSymbolicLink(Path.Combine(root, "t1", "sub", "up"), "../../../elsewhere");

        Assert.Equal(inside, catalog.ResolveTaskDirectory(inside));
        Assert.Equal(inside, catalog.ResolveTaskDirectory(Path.Combine(root, "link-in")));
        Assert.Equal(inside, catalog.ResolveTaskDirectory(Path.Combine(root, "t1", "..", "t1")));
        Assert.Null(catalog.ResolveTaskDirectory(outside));
        Assert.Null(catalog.ResolveTaskDirectory(Path.Combine(root, "link-out")));
        Assert.Null(catalog.ResolveTaskDirectory(Path.Combine(root, "t1", "sub", "up")));
        Assert.Null(catalog.ResolveTaskDirectory(Path.Combine(root, "..", "elsewhere", "t2")));
        Assert.Null(catalog.ResolveTaskDirectory(root)); // the root itself is not a task
        Assert.Null(catalog.ResolveTaskDirectory(Path.Combine(root, "t1", "task.md"))); // a file
        Assert.Null(catalog.ResolveTaskDirectory(Path.Combine(root, "missing")));
        Assert.Null(catalog.ResolveTaskDirectory(""));
        Assert.Null(catalog.ResolveTaskDirectory("a\0b"));
    }

    [Fact]
    public void ResolveTaskDirectory_RootBehindALink_StillConfined()
    {
        var real = Path.Combine(_temp.Path, "real-tasks");
        var inside = MakeTask(real, "t1");
        var linkedRoot = Path.Combine(_temp.Path, "tasks-link");
        Directory.CreateSymbolicLink(linkedRoot, real);
        var catalog = Catalog(linkedRoot);

        Assert.Equal(inside, catalog.ResolveTaskDirectory(Path.Combine(linkedRoot, "t1")));
        Assert.Null(catalog.ResolveTaskDirectory(_temp.Path));
    }
}
