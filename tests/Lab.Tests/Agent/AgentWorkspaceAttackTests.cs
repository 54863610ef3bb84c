using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Workbench.Lab.Agent;
using Workbench.Lab.Tools;

namespace Workbench.Lab.Tests.Agent;

/// <summary>Model output is hostile: every tool path that leaves the workspace is refused, links the sandbox
/// plants are never followed by the host, huge files are refused with their size. Real sandbox, real tools.</summary>
public sealed class AgentWorkspaceAttackTests : IDisposable
{
    private readonly AgentSandbox _sandbox = new();
    private readonly string _directory;
    private readonly AgentToolbox _toolbox;
    private readonly ToolInvoker _invoker;

    public AgentWorkspaceAttackTests()
    {
        _directory = _sandbox.Commands.CreateWorkspace();
        var workspace = AgentWorkspace.Create(_sandbox.CalculatorTask(), _directory);
        _toolbox = new AgentToolbox(workspace, _sandbox.Commands, verifyOnEdit: true);
        _invoker = new ToolInvoker(_toolbox.Tools, TimeSpan.FromSeconds(40), NullLogger.Instance);
    }

    public void Dispose()
    {
        _sandbox.Commands.DeleteWorkspace(_directory);
        _sandbox.Dispose();
    }

    private async Task<ToolResultTrace> CallAsync(string name, string arguments)
    {
        _toolbox.BeginCall(1, "c1");
        var values = JsonSerializer.Deserialize<Dictionary<string, object?>>(arguments);
        return await _invoker.InvokeAsync(new FunctionCallContent("c1", name, values), "c1", CancellationToken.None);
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    [Theory]
    [InlineData("../../etc/passwd", "'..'")]
    [InlineData("/etc/passwd", "absolute path")]
    [InlineData("a/../../x", "'..'")]
    [InlineData("calc.py\u0000.txt", "NUL")]
    public async Task ReadFile_PathOutOfWorkspace_IsRefused(string path, string expected)
    {
        var result = await CallAsync("read_file", JsonSerializer.Serialize(new { path }));
        Assert.True(result.IsError);
        Assert.Contains(expected, result.Text);
    }

    [Fact]
    public async Task Tools_LinkMadeByBash_AreNeverFollowedOut()
    {
        var shadow = Hash("/etc/shadow");
        Assert.Equal("[exit code 0]", (await CallAsync("bash", """{"command":"ln -s /etc/shadow x && ln -s /etc d"}""")).Text);

        foreach (var (tool, arguments) in new[]
        {
            ("read_file", """{"path":"x"}"""),
            ("edit_file", """{"path":"x","old_string":"root","new_string":"toor"}"""),
            ("write_file", """{"path":"x","content":"owned"}"""),
            ("read_file", """{"path":"d/passwd"}"""),
            ("write_file", """{"path":"d/evil","content":"owned"}"""),
            ("grep", """{"pattern":"root","path":"x"}"""),
            ("grep", """{"pattern":"root","path":"d"}"""),
        })
        {
            var result = await CallAsync(tool, arguments);
            Assert.True(result.IsError, $"{tool} {arguments}: {result.Text}");
            Assert.Contains("leads outside the workspace", result.Text);
        }
        Assert.Equal(shadow, Hash("/etc/shadow"));
        Assert.False(File.Exists("/etc/evil"));
        // A whole-workspace grep and glob skip the links.
        Assert.StartsWith("No matches", (await CallAsync("grep", """{"pattern":"root"}""")).Text);
        Assert.Equal("calc.py", (await CallAsync("glob", """{"pattern":"**/*"}""")).Text);
    }

    [Fact]
    public async Task ReadFile_FiftyMegabytes_IsRefusedWithItsSize()
    {
        Assert.Equal("[exit code 0]", (await CallAsync("bash", """{"command":"head -c 52428800 /dev/zero > big"}""")).Text);
        var result = await CallAsync("read_file", """{"path":"big"}""");
        Assert.True(result.IsError);
        Assert.Contains("52,428,800 bytes", result.Text);
    }

    [Fact]
    public async Task ReadFile_FifoPlantedByBash_DoesNotBlockTheHost()
    {
        Assert.Equal("[exit code 0]", (await CallAsync("bash", """{"command":"mkfifo f"}""")).Text);
        var read = CallAsync("read_file", """{"path":"f"}""");
        Assert.Same(read, await Task.WhenAny(read, Task.Delay(5000)));
    }

    [Fact]
    public async Task WriteFile_HostWrittenFile_TheSandboxCanStillChange()
    {
        Assert.False((await CallAsync("write_file", """{"path":"pkg/new.txt","content":"one\n"}""")).IsError);
        var bash = await CallAsync("bash", """{"command":"echo two >> pkg/new.txt && echo three >> calc.py && cat pkg/new.txt"}""");
        Assert.Equal("one\ntwo\n[exit code 0]", bash.Text);
    }

    [Fact]
    public async Task EditFile_FileMadeBySandbox_IsEditable()
    {
        Assert.Equal("[exit code 0]", (await CallAsync("bash", """{"command":"printf 'x = 1\\n' > made.py"}""")).Text);
        var edit = await CallAsync("edit_file", """{"path":"made.py","old_string":"x = 1","new_string":"x = 2"}""");
        Assert.False(edit.IsError, edit.Text);
        Assert.Contains("x = 2", (await CallAsync("read_file", """{"path":"made.py"}""")).Text);
    }

    [Fact]
    public async Task ReadFile_Window_SaysWhichLines()
    {
        var result = await CallAsync("read_file", """{"path":"calc.py","offset":5,"limit":1}""");
        Assert.Equal("     5\tdef sub(a, b):\n(lines 5–5 of 6; use offset 6 to read on)", result.Text);
    }

    [Fact]
    public async Task Grep_ManyMatches_IsCappedAndSaysSo()
    {
        await CallAsync("write_file", JsonSerializer.Serialize(new { path = "many.txt", content = string.Concat(Enumerable.Repeat("hit\n", 150)) }));
        var result = await CallAsync("grep", """{"pattern":"^hit$"}""");
        Assert.Equal(AgentToolbox.MaxGrepMatches + 1, result.Text.Split('\n').Length);
        Assert.StartsWith("many.txt:1: hit", result.Text);
        Assert.Contains("only the first 100", result.Text);
    }

    [Fact]
    public async Task WriteFile_BrokenCSharp_IsRolledBackAndDeleted()
    {
        var result = await CallAsync("write_file", """{"path":"src/A.cs","content":"class A { void M( }"}""");
        Assert.True(result.IsError);
        Assert.StartsWith("The edit to src/A.cs was rolled back", result.Text);
        Assert.Contains("src/A.cs:1:", result.Text);
        Assert.False(File.Exists(Path.Combine(_directory, "src", "A.cs")));
        Assert.True(_toolbox.Edits.Single().RolledBack);
    }

    [Fact]
    public async Task EditFile_FileBrokenBefore_IsKept()
    {
        await CallAsync("bash", """{"command":"printf 'def f(:\\n    return 1\\n' > bad.py"}""");
        var result = await CallAsync("edit_file", """{"path":"bad.py","old_string":"return 1","new_string":"return 2"}""");
        Assert.False(result.IsError, result.Text);
        Assert.Contains("already had syntax errors", result.Text);
        Assert.Contains("return 2", File.ReadAllText(Path.Combine(_directory, "bad.py")));
    }
}
