using Microsoft.Extensions.AI;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Tools;
using Workbench.Lab.Tools.Builtin;

namespace Workbench.Lab.Tests.Tools.Builtin;

public sealed class FileSearchToolTests : IDisposable
{
    private readonly TempDirectory root = new();
    private readonly TempDirectory outside = new();

    public FileSearchToolTests()
    {
        Directory.CreateDirectory(Path.Combine(root.Path, "labs", "05-tools"));
        File.WriteAllText(Path.Combine(root.Path, "labs", "05-tools", "lab.md"), "# Tools\nA tool call is JSON.\nNothing here.\n");
        File.WriteAllText(Path.Combine(root.Path, "notes.txt"), "the TOOL loop\n");
        File.WriteAllText(Path.Combine(root.Path, "labs", "05-tools", "tools.yaml"), "kind: quiz\n");
        File.WriteAllBytes(Path.Combine(root.Path, "blob.bin"), [0x74, 0x6f, 0x6f, 0x6c, 0, 1, 2]);
        File.WriteAllText(Path.Combine(root.Path, ".hidden"), "tool secret\n");
        File.WriteAllText(Path.Combine(outside.Path, "secret.txt"), "tool password outside\n");
        File.CreateSymbolicLink(Path.Combine(root.Path, "escape.txt"), Path.Combine(outside.Path, "secret.txt"));
        Directory.CreateSymbolicLink(Path.Combine(root.Path, "escape-dir"), outside.Path);
        File.CreateSymbolicLink(Path.Combine(root.Path, "inside-link.md"), Path.Combine(root.Path, "labs", "05-tools", "lab.md"));
    }

    private async Task<string> Search(string query, string? folder = null) =>
        (string)(await new FileSearchTool(folder ?? root.Path).InvokeAsync(new AIFunctionArguments(new Dictionary<string, object?> { ["query"] = query })))!;

    [Fact]
    public async Task Search_FindsNamesAndLinesInsideTheRootOnly()
    {
        var text = await Search("tool");
        var lines = text.Split('\n');
        Assert.Contains("labs/05-tools/tools.yaml: (file name)", lines);
        Assert.Contains("labs/05-tools/lab.md:1: # Tools", lines);
        Assert.Contains("labs/05-tools/lab.md:2: A tool call is JSON.", lines);
        Assert.Contains("notes.txt:1: the TOOL loop", lines);
        Assert.Contains("inside-link.md:1: # Tools", lines);
        Assert.DoesNotContain("password", text);
        Assert.DoesNotContain("secret", text);
        Assert.DoesNotContain("escape", text);
        Assert.DoesNotContain("blob.bin", text);
    }

    [Fact]
    public async Task Search_ThroughALinkedRoot_StillStaysInside()
    {
        var link = Path.Combine(outside.Path, "root-link");
        Directory.CreateSymbolicLink(link, root.Path);
        Assert.Contains("notes.txt:1: the TOOL loop", await Search("loop", link));
    }

    [Fact]
    public async Task Search_CapsTheResults()
    {
        File.WriteAllLines(Path.Combine(root.Path, "many.txt"), Enumerable.Range(1, 50).Select(i => $"match {i}"));
        var lines = (await Search("match")).Split('\n');
        Assert.Equal(FileSearchTool.MaxResults + 1, lines.Length);
        Assert.Equal("(only the first 20 matches are shown)", lines[^1]);
    }

    [Fact]
    public async Task Search_NoMatchOrBadQuery()
    {
        Assert.Equal("No matches for 'zebra'.", await Search("zebra"));
        await Assert.ThrowsAsync<ToolException>(() => Search(" "));
        await Assert.ThrowsAsync<ToolException>(() => Search(new string('x', 201)));
    }

    [Fact]
    public async Task Search_MissingRoot_IsAnErrorResult() =>
        await Assert.ThrowsAsync<ToolException>(() => Search("x", Path.Combine(root.Path, "missing")));

    public void Dispose()
    {
        root.Dispose();
        outside.Dispose();
    }
}
