using Microsoft.Extensions.DependencyInjection;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Content;
using Workbench.Lab.Grading.Gateway;
using Workbench.Lab.Grading.Sandbox;
using Workbench.Lab.Tests.TestSupport;
using Xunit.Abstractions;

using Workbench.Sandbox;

namespace Workbench.Lab.Tests.Grading;

/// <summary>The runner on its own: a compiled assembly, no engine (the checks here make no requests).</summary>
[Collection(GradingCollection.Name)]
public sealed class SandboxRunnerTests(GradingFixture fixture, ITestOutputHelper output) : IDisposable
{
    private const string Checks = """
        using Workbench.LabSdk;

        namespace Hidden;

        public static class TestChecks
        {
            [Check("passes")]
            public static Task Passes(CheckContext context) => Task.CompletedTask;

            [Check("fails")]
            public static Task Fails(CheckContext context) => throw new CheckFailedException($"trial {context.Trial} failed");

            [Check("waits")]
            public static Task Waits(CheckContext context) => Task.Delay(Timeout.Infinite, context.CancellationToken);
        }
        """;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task RunAsync_TwoChecks_ReportsEveryTrialMeasuresTheProcessAndCleansUp()
    {
        var run = Compile() with { Checks = [new("passes", "Hidden.TestChecks", "Passes", 2), new("fails", "Hidden.TestChecks", "Fails", 1)] };

        var result = await Runner.RunAsync(run, CancellationToken.None);

        Assert.True(result.Completed, result.StandardError);
        Assert.Equal(
            [("passes", 1, true, ""), ("passes", 2, true, ""), ("fails", 1, false, "trial 1 failed")],
            result.Trials.Select(t => (t.CheckId, t.Trial, t.Passed, t.Message)));
        Assert.InRange(result.PeakMemoryBytes, 1L << 20, run.Limits.MemoryBytes);
        Assert.True(result.CpuTime > TimeSpan.Zero);
        Assert.Empty(Directory.GetDirectories(Path.Combine(fixture.Data.Path, "sandbox")));
        output.WriteLine($"sandbox run: {result.Duration.TotalMilliseconds:0} ms wall, {result.CpuTime.TotalMilliseconds:0} ms CPU, peak RSS {result.PeakMemoryBytes >> 20} MiB");
    }

    [Fact]
    public async Task RunAsync_CheckMethodMissing_ExitsWithTheReasonOnStandardError()
    {
        var run = Compile() with { Checks = [new("gone", "Hidden.TestChecks", "Gone", 1)] };

        var result = await Runner.RunAsync(run, CancellationToken.None);

        Assert.Equal(SandboxExitCodes.BadRequest, result.ExitCode);
        Assert.Empty(result.Trials);
        Assert.Equal("Check 'gone': no public static Task Hidden.TestChecks.Gone(CheckContext).", result.StandardError);
    }

    [Fact]
    public async Task RunAsync_Cancelled_KillsTheProcessAndThrows()
    {
        var run = Compile() with { Checks = [new("waits", "Hidden.TestChecks", "Waits", 1)] };
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Runner.RunAsync(run, cancel.Token));

        Assert.Empty(Directory.GetDirectories(Path.Combine(fixture.Data.Path, "sandbox")));
    }

    private SandboxRunner Runner => fixture.Services.GetRequiredService<SandboxRunner>();

    private SandboxRun Compile()
    {
        var checksFile = _directory.File("Checks.cs");
        File.WriteAllText(checksFile, Checks);
        var compiled = fixture.Compiler.Compile(
            new Dictionary<string, string> { ["Solution.cs"] = "public static class Solution { }" }, checksFile);
        Assert.True(compiled.Succeeded, compiled.ChecksError);
        return new SandboxRun(compiled.AssemblyImage!, ["Solution.cs"], [], SandboxLimits.Default,
            GradingGateway.Endpoint, "model", SocketPath: null, Token: null);
    }
}
