using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Workbench.Lab.Agent.Sandboxed;
using Workbench.Lab.Grading.Sandbox;
using Workbench.Lab.Tests.Grading;

namespace Workbench.Lab.Tests.Agent.Sandboxed;

/// <summary>The agent's sandboxed shell on the real sandbox: joined output, limits, truncation, ownership of host
/// files, links planted by the sandbox, <c>cstest</c> and <c>python3</c>.</summary>
public sealed class AgentCommandRunnerTests : IDisposable
{
    private readonly SandboxShell _shell = new();
    private readonly AgentCommandRunner _runner;
    private readonly string _workspace;

    public AgentCommandRunnerTests()
    {
        _runner = new AgentCommandRunner(_shell.Launcher, AppContext.BaseDirectory, NullLogger<AgentCommandRunner>.Instance);
        _workspace = _runner.CreateWorkspace();
    }

    public void Dispose()
    {
        _runner.DeleteWorkspace(_workspace);
        _shell.Dispose();
    }

    private Task<AgentCommandResult> Run(string command, TimeSpan? timeout = null) =>
        _runner.RunAsync(_workspace, command, timeout, CancellationToken.None);

    /// <summary>The attack: a workspace runs several commands; had the first command's end freed the folder's uid,
    /// a concurrent run could draw it and read or write this workspace's files.</summary>
    [Fact]
    public async Task RunAsync_TheWorkspacesUid_StaysReservedBetweenCommands_UntilTheWorkspaceIsDeleted()
    {
        if (SandboxLauncher.UidOf(_workspace) is not { } uid) return; // no per-run uids on this host (not root)
        await Run("true");
        await Run("true");
        Assert.True(SandboxUids.IsReserved(uid));

        var other = _runner.CreateWorkspace();
        try
        {
            Assert.NotEqual(uid, SandboxLauncher.UidOf(other));
        }
        finally
        {
            _runner.DeleteWorkspace(other);
        }
        var again = _runner.CreateWorkspace();
        _runner.DeleteWorkspace(again);
        Assert.True(SandboxUids.IsReserved(uid));
    }

    [Fact]
    public async Task RunAsync_BothStreams_JoinedInOrderWithExitCode()
    {
        var result = await Run("echo one; echo two >&2; echo three; exit 3");

        Assert.Equal("one\ntwo\nthree\n", result.Output);
        Assert.Equal(3, result.ExitCode);
        Assert.False(result.Succeeded);
        Assert.False(result.Truncated);
        Assert.Null(result.ExceededLimit);
        Assert.EndsWith("[exit code 3]", result.ToToolText());
    }

    [Fact]
    public async Task RunAsync_HugeOutput_KeepsHeadAndTailWithMarker()
    {
        var result = await Run("echo FIRST; yes 0123456789 2>/dev/null | head -c 5000000; echo; echo LAST");

        Assert.Equal(0, result.ExitCode);
        Assert.True(result.Truncated);
        Assert.StartsWith("FIRST\n", result.Output);
        Assert.EndsWith("LAST\n", result.Output);
        Assert.Contains("bytes of output left out", result.Output);
        Assert.True(result.Output.Length < AgentCommandRunner.OutputLimitBytes + 100, $"{result.Output.Length} characters");
        var omitted = long.Parse(System.Text.RegularExpressions.Regex.Match(result.Output, @"\[… (\d+) bytes").Groups[1].Value);
        Assert.Equal(6 + 5_000_000 + 1 + 5 - AgentCommandRunner.OutputLimitBytes, omitted);
    }

    [Fact]
    public async Task RunAsync_InfiniteLoop_KilledAtTheTimeout()
    {
        var clock = Stopwatch.StartNew();
        var result = await Run("echo started; while :; do :; done", TimeSpan.FromSeconds(2));

        Assert.Null(result.ExitCode);
        Assert.Contains(result.ExceededLimit, new SandboxLimit?[] { SandboxLimit.WallTime, SandboxLimit.CpuTime });
        Assert.Equal("started\n", result.Output);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), clock.Elapsed.ToString());
        Assert.Contains("[killed:", result.ToToolText());
    }

    [Fact]
    public async Task RunAsync_Cancelled_KillsAndThrows()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _runner.RunAsync(_workspace, "sleep 60", null, cancel.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), clock.Elapsed.ToString());
    }

    [Fact]
    public async Task RunAsync_FilesTheHostWrote_AreTheSandboxsToEdit()
    {
        Directory.CreateDirectory(Path.Combine(_workspace, "src"));
        File.WriteAllText(Path.Combine(_workspace, "src", "a.txt"), "host\n");

        var result = await Run("echo sandbox >> src/a.txt && sed -i 's/host/HOST/' src/a.txt && mkdir -p src/new && echo x > src/new/b.txt && cat src/a.txt");

        Assert.True(result.Succeeded, result.Output);
        Assert.Equal("HOST\nsandbox\n", File.ReadAllText(Path.Combine(_workspace, "src", "a.txt")));
        Assert.Equal("x\n", File.ReadAllText(Path.Combine(_workspace, "src", "new", "b.txt")));
    }

    [Fact]
    public async Task RunAsync_LinkPlantedBySandbox_TargetIsNotGivenAway()
    {
        if (!SandboxShell.HostCapabilities.PerRunUid) return; // nothing is chowned without per-run uids
        using var outside = new Workbench.Engine.Tests.TestSupport.TempDirectory();
        var target = outside.File("secret.txt");
        File.WriteAllText(target, "host secret");
        Directory.CreateDirectory(Path.Combine(outside.Path, "dir"));

        Assert.True((await Run($"ln -s {target} link && ln -s {outside.Path}/dir dirlink")).Succeeded);
        var second = await Run("echo hacked > link; echo hacked > dirlink/x; cat link");

        Assert.Equal(0, Owner(target));
        Assert.Equal(0, Owner(Path.Combine(outside.Path, "dir")));
        Assert.Equal("host secret", File.ReadAllText(target));
        Assert.False(File.Exists(Path.Combine(outside.Path, "dir", "x")));
        Assert.DoesNotContain("host secret", second.Output);
    }

    [Fact]
    public async Task RunAsync_Python3_RunsUnittest()
    {
        File.WriteAllText(Path.Combine(_workspace, "test_x.py"), "import unittest\nclass T(unittest.TestCase):\n    def test_ok(self):\n        self.assertEqual(2, 1 + 1)\n");

        var result = await Run("python3 -m unittest -q");

        Assert.True(result.Succeeded, result.Output);
        Assert.Contains("Ran 1 test", result.Output);
        Assert.False(Directory.Exists(Path.Combine(_workspace, "__pycache__")));
    }

    [Fact]
    public async Task RunAsync_Cstest_PassFailAndSummary()
    {
        File.WriteAllText(Path.Combine(_workspace, "Calc.cs"), "public static class Calc { public static int Add(int a, int b) => a + b; }");
        File.WriteAllText(Path.Combine(_workspace, "CalcTests.cs"), """
            public static class CalcTests
            {
                public static void TestAdds() { if (Calc.Add(2, 2) != 4) throw new Exception("2+2"); }
                public static async Task TestAsyncFails() { await Task.Yield(); throw new InvalidOperationException("boom"); }
                public static void HelperIsNotATest() => throw new Exception("not a test");
                private static void TestPrivateIsNotATest() => throw new Exception("not a test");
            }
            """);

        var result = await Run("cstest .");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("PASS CalcTests.TestAdds\n", result.Output);
        Assert.Contains("FAIL CalcTests.TestAsyncFails: InvalidOperationException: boom (CalcTests.cs:4)", result.Output);
        Assert.EndsWith("1 passed, 1 failed\n", result.Output);
        Assert.DoesNotContain("not a test", result.Output);
    }

    [Fact]
    public async Task RunAsync_CstestAllPass_ExitsZero()
    {
        Directory.CreateDirectory(Path.Combine(_workspace, "tests"));
        File.WriteAllText(Path.Combine(_workspace, "tests", "OkTests.cs"), "namespace N; public class OkTests { public static void TestOne() { } public static void TestTwo() { } }");

        var result = await Run("cstest .");

        Assert.True(result.Succeeded, result.Output);
        Assert.EndsWith("2 passed, 0 failed\n", result.Output);
    }

    [Fact]
    public async Task RunAsync_CstestCompileError_PrintsCscFormatAndExitsOne()
    {
        File.WriteAllText(Path.Combine(_workspace, "Broken.cs"), "public static class Broken\n{\n    public static int F() => 1 +;\n}\n");

        var result = await Run("cstest .");

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"Broken\.cs\(3,\d+\): error CS\d{4}: ", result.Output);
        Assert.Contains("compilation failed:", result.Output);
        Assert.DoesNotContain("passed", result.Output);
    }

    [Fact]
    public async Task RunAsync_CstestNoTests_ExitsOne()
    {
        File.WriteAllText(Path.Combine(_workspace, "A.cs"), "public static class A { public static void TestX() { } }"); // class not *Tests

        var result = await Run("cstest .");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no tests found", result.Output);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("echo a\0b")]
    public async Task RunAsync_BadCommand_Throws(string command)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Run(command));
    }

    [Fact]
    public async Task RunAsync_BadTimeoutOrFolder_Throws()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Run("true", TimeSpan.Zero));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Run("true", TimeSpan.FromHours(1)));
        using var elsewhere = new Workbench.Engine.Tests.TestSupport.TempDirectory();
        await Assert.ThrowsAsync<ArgumentException>(() => _runner.RunAsync(elsewhere.Path, "true", null, CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_CstestHostileTests_StayInTheSandbox()
    {
        File.WriteAllText(Path.Combine(_workspace, "EvilTests.cs"), """
            public static class EvilTests
            {
                public static void TestReadsHost() => Console.WriteLine("etc:" + Directory.Exists("/etc") + " home:" + Directory.Exists("/root"));
                public static void TestNetwork() => new System.Net.Sockets.TcpClient().Connect("127.0.0.1", 22);
                public static void TestSpins() { while (true) { } }
            }
            """);

        var result = await Run("cstest .", TimeSpan.FromSeconds(15));
        Assert.True(result.Output.Length > 0, result.ToToolText());

        Assert.Contains("etc:False home:False", result.Output);
        Assert.Contains("FAIL EvilTests.TestNetwork: SocketException", result.Output);
        Assert.Contains(result.ExceededLimit, new SandboxLimit?[] { SandboxLimit.WallTime, SandboxLimit.CpuTime }); // the spinning test
    }

    private static int Owner(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%u", path]) { RedirectStandardOutput = true })!;
        var text = stat.StandardOutput.ReadToEnd();
        stat.WaitForExit();
        return int.Parse(text.Trim());
    }
}
