using Workbench.Lab.Agent;
using Workbench.Web.Components.Widgets.Agent;

namespace Workbench.Web.Tests.Components.Agent;

/// <summary>Reading a task folder's files for the workspace view, with hostile folders.</summary>
public sealed class TaskFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("agent-task-").FullName;

    [Fact]
    public void Read_SymlinkOutOfTheFolder_HugeAndBinaryFiles_ArePlaceholders()
    {
        File.WriteAllText(Path.Combine(_dir, "task.md"), "# Fix it");
        File.WriteAllText(Path.Combine(_dir, "task.json"), """{"test_command":"true"}""");
        File.WriteAllText(Path.Combine(_dir, "calc.py"), "x = 1\n");
        Directory.CreateDirectory(Path.Combine(_dir, "hidden"));
        File.WriteAllText(Path.Combine(_dir, "hidden", "test_calc.py"), "secret");
        File.CreateSymbolicLink(Path.Combine(_dir, "passwd.py"), "/etc/passwd");
        File.WriteAllBytes(Path.Combine(_dir, "big.txt"), new byte[TaskFiles.MaxFileBytes + 1]);
        File.WriteAllBytes(Path.Combine(_dir, "blob.bin"), [1, 0, 2]);

        var files = TaskFiles.Read(AgentTask.Load(_dir));

        Assert.Equal(["big.txt", "blob.bin", "calc.py", "passwd.py", "task.md"], files.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("x = 1\n", files["calc.py"]);
        Assert.Equal("(a link: not shown)", files["passwd.py"]);
        Assert.StartsWith("(not shown: ", files["big.txt"], StringComparison.Ordinal);
        Assert.Equal("(a binary file: not shown)", files["blob.bin"]);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
