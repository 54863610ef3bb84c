using Microsoft.Extensions.DependencyInjection;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Content;
using Workbench.Lab.Grading.Gateway;
using Workbench.Lab.Grading.Sandbox;
using Workbench.Lab.Tests.TestSupport;
using Workbench.Sandbox;

namespace Workbench.Lab.Tests.Grading;

/// <summary>
/// Finding 3 of issue 10 as students submitted it: C# code that P/Invokes libc's <c>system()</c> and <c>kill()</c>,
/// compiled with a visible harness and run by the real <see cref="SandboxRunner"/>. On the old runner each of these
/// got away: the detached child outlived the grading (parent PID 1), the 2 GB child was not counted (the monitor read
/// the main process's VmRSS only), and <c>kill(-1, 9)</c> as nobody ended every other grading running as nobody.
/// Checked: all three failed against the old launch (commit 6722dde; the 2 GB child was left holding 2.2 GB as
/// nobody under PID 1).
/// </summary>
[Collection(GradingCollection.Name)]
public sealed class SandboxSubmissionAttackTests(GradingFixture fixture) : IDisposable
{
    // The visible harness: one operation that runs the student's RunAsync. The judge (in the test) calls it once and
    // records the trial; nothing the sandbox prints is a verdict.
    private const string Harness = """
        using System.Text.Json.Nodes;
        using Workbench.LabSdk;

        namespace Hidden;

        public static class TestHarness
        {
            [HarnessOperation("run")]
            public static async Task<JsonNode?> Run(JsonNode? input, HarnessContext context)
            {
                await Solution.RunAsync();
                return null;
            }
        }
        """;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task RunAsync_DetachedChildFromSystem_IsGoneWhenTheGradingEnds()
    {
        var marker = $"{900 + Random.Shared.Next(1000)}.{Random.Shared.Next(1_000_000)}";

        var result = await Runner.RunAsync(Compile(Shell($"setsid sleep {marker} > /dev/null 2>&1 < /dev/null &")), CancellationToken.None);

        Assert.True(result.Completed, result.StandardError);
        Assert.True(result.Trials[0].Passed, result.Trials[0].Message);
        Assert.Empty(SandboxShell.HostProcessesWith("sleep " + marker));
        Assert.Empty(Directory.GetDirectories(Path.Combine(fixture.Data.Path, "sandbox")));
    }

    [Fact]
    public async Task RunAsync_ChildFromSystemHoldingTwoGigabytes_IsKilledAtTheMemoryLimit()
    {
        var run = Compile(Shell("setsid sh -c 'x=$(head -c 2000000000 /dev/zero | tr \"\\\\0\" a); sleep 60' > /dev/null 2>&1 < /dev/null &",
            thenWaitMs: 40_000));

        var result = await Runner.RunAsync(run, CancellationToken.None);

        // Filling the limit through a pipe takes seconds on a busy core (CI saw 14 s), so the bound is the wall-time
        // limit: the tree is stopped for its memory, not by the clock and not after the submission's own 40 s wait.
        Assert.Equal(SandboxLimit.Memory, result.ExceededLimit);
        Assert.True(result.Duration < SandboxLimits.Default.WallTime, $"stopped after {result.Duration}");
    }

    [Fact]
    public async Task RunAsync_ForkBombFromSystem_IsStoppedAtTheProcessLimitAndNamed()
    {
        // Old runner: no process limit at all; the bomb ran until the host's own limits.
        var result = await Runner.RunAsync(Compile(Shell("b() { b | b & }; b", thenWaitMs: 15_000)), CancellationToken.None);

        Assert.Equal(SandboxLimit.Processes, result.ExceededLimit);
        Assert.True(result.Duration < TimeSpan.FromSeconds(12), $"stopped after {result.Duration}");
    }

    [Fact]
    public async Task RunAsync_KillMinusOneFromOneSubmission_LeavesAConcurrentGradingRunning()
    {
        var victim = Runner.RunAsync(Compile(Shell("true", thenWaitMs: 3000)), CancellationToken.None);
        await Task.Delay(1000); // the victim is up

        var attacker = await Runner.RunAsync(Compile("""
            using System.Runtime.InteropServices;

            public static class Solution
            {
                [DllImport("libc")] private static extern int kill(int pid, int signal);

                public static Task RunAsync() { kill(-1, 9); return Task.CompletedTask; }
            }
            """), CancellationToken.None);
        var survived = await victim;

        Assert.True(survived.Completed, $"{survived.ExceededLimit} {survived.ExitCode} {survived.StandardError}");
        Assert.True(survived.Trials[0].Passed, survived.Trials[0].Message);
        Assert.Null(attacker.ExceededLimit);
    }

    private SandboxRunner Runner => fixture.Services.GetRequiredService<SandboxRunner>();

    /// <summary>A solution that runs <paramref name="command"/> through libc's <c>system()</c>, then waits.</summary>
    private static string Shell(string command, int thenWaitMs = 0) => $$"""
        using System.Runtime.InteropServices;

        public static class Solution
        {
            [DllImport("libc")] private static extern int system(string command);

            public static async Task RunAsync()
            {
                system({{Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(command, quote: true)}});
                await Task.Delay({{thenWaitMs}});
            }
        }
        """;

    private SandboxRun Compile(string solution)
    {
        var harnessFile = _directory.File("Harness.cs");
        File.WriteAllText(harnessFile, Harness);
        var checksFile = _directory.File("Checks.cs");
        File.WriteAllText(checksFile, "public static class NoChecks { }");
        var compiled = fixture.Compiler.Compile(new Dictionary<string, string> { ["Solution.cs"] = solution }, [harnessFile], checksFile);
        Assert.True(compiled.Succeeded, string.Join("\n", compiled.Diagnostics.Select(d => d.ToString())) + compiled.ChecksError);
        return new SandboxRun(compiled.AssemblyImage!, ["Solution.cs"],
            [.. compiled.Operations.Select(o => new HarnessOperationEntry(o.Name, o.TypeName, o.MethodName))], SandboxLimits.Default,
            GradingGateway.Endpoint, "model", SocketPath: null, Token: null, RunOnceAsync);
    }

    /// <summary>The judge: one call of <c>run</c>, passed when it answers without an exception.</summary>
    private static async Task RunOnceAsync(SandboxSession session, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string? failure = null;
        try
        {
            await session.CallAsync("run", null, cancellationToken);
        }
        catch (Workbench.LabSdk.StudentCodeException e)
        {
            failure = e.Message;
        }
        session.Report(new SandboxTrial("run", 1, failure is null, failure ?? "", clock.Elapsed));
    }
}
