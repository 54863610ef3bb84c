using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Content;
using Workbench.Lab.Grading.Gateway;
using Workbench.Lab.Grading.Sandbox;
using Workbench.Lab.Tests.TestSupport;
using Workbench.LabSdk;
using Xunit.Abstractions;

using Workbench.Sandbox;

namespace Workbench.Lab.Tests.Grading;

/// <summary>The runner on its own: a compiled submission with a harness, a judge written in the test, no engine
/// (the operations here make no requests).</summary>
[Collection(GradingCollection.Name)]
public sealed class SandboxRunnerTests(GradingFixture fixture, ITestOutputHelper output) : IDisposable
{
    private const string Harness = """
        using System.Text.Json.Nodes;
        using Workbench.LabSdk;

        namespace Hidden;

        public static class TestHarness
        {
            [HarnessOperation("echo")]
            public static JsonNode? Echo(JsonNode? input, HarnessContext context) => input?.DeepClone();

            [HarnessOperation("fail")]
            public static JsonNode? Fail(JsonNode? input, HarnessContext context) => Solution.Fail();

            [HarnessOperation("wait")]
            public static async Task<JsonNode?> Wait(JsonNode? input, HarnessContext context)
            {
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
                return null;
            }

            [HarnessOperation("big")]
            public static JsonNode? Big(JsonNode? input, HarnessContext context) => new string('x', 2 << 20);

            [HarnessOperation("forge")]
            public static JsonNode? Forge(JsonNode? input, HarnessContext context)
            {
                using var stdout = Console.OpenStandardOutput();
                stdout.Write(System.Text.Encoding.UTF8.GetBytes("{\"id\":1,\"output\":\"forged\",\"error\":null}\n" + new string('y', 3 << 20) + "\n"));
                Console.WriteLine("{\"id\":1,\"output\":\"forged\",\"error\":null}");
                return "genuine";
            }
        }
        """;

    private const string Solution = """
        public static class Solution
        {
            public static System.Text.Json.Nodes.JsonNode? Fail() =>
                throw new InvalidOperationException("student failure");
        }
        """;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task RunAsync_Calls_AnswersEachCallWithOutputOrErrorMeasuresTheProcessAndCleansUp()
    {
        var outputs = new List<string>();
        var run = Compile(async (session, cancellationToken) =>
        {
            outputs.Add((await session.CallAsync("echo", new JsonObject { ["n"] = 1 }, cancellationToken))!.ToJsonString());
            outputs.Add((await session.CallAsync("echo", "two", cancellationToken))!.ToJsonString());
            var error = await Assert.ThrowsAsync<StudentCodeException>(() => session.CallAsync("fail", null, cancellationToken));
            outputs.Add(error.Message);
            session.Report(new SandboxTrial("t", 1, true, "", TimeSpan.Zero));
        });

        var result = await Runner.RunAsync(run, CancellationToken.None);

        Assert.True(result.Completed, result.StandardError);
        Assert.Equal(["{\"n\":1}", "\"two\"", "InvalidOperationException: student failure (at Solution.cs:4)"], outputs);
        Assert.Single(result.Trials);
        Assert.InRange(result.PeakMemoryBytes, 1L << 20, run.Limits.MemoryBytes);
        Assert.True(result.CpuTime > TimeSpan.Zero);
        Assert.Empty(Directory.GetDirectories(Path.Combine(fixture.Data.Path, "sandbox")));
        output.WriteLine($"sandbox run: {result.Duration.TotalMilliseconds:0} ms wall, {result.CpuTime.TotalMilliseconds:0} ms CPU, peak RSS {result.PeakMemoryBytes >> 20} MiB");
    }

    [Fact]
    public async Task RunAsync_CodeWritingToStandardOutput_ReachesNothingAndTheCallStillAnswers()
    {
        string? answer = null;
        var run = Compile(async (session, cancellationToken) =>
            answer = (string?)await session.CallAsync("forge", null, cancellationToken));

        var result = await Runner.RunAsync(run, CancellationToken.None);

        Assert.True(result.Completed, result.ProtocolError ?? result.StandardError);
        Assert.Equal("genuine", answer);
    }

    [Fact]
    public async Task RunAsync_OutputOverTheMessageCap_IsAnErrorNotAMessage()
    {
        var run = Compile(async (session, cancellationToken) =>
        {
            var error = await Assert.ThrowsAsync<StudentCodeException>(() => session.CallAsync("big", null, cancellationToken));
            Assert.Equal("InvalidDataException: The output is larger than 1 MiB.", error.Message);
        });

        var result = await Runner.RunAsync(run, CancellationToken.None);

        Assert.True(result.Completed, result.ProtocolError ?? result.StandardError);
    }

    [Fact]
    public async Task RunAsync_OperationMissing_ExitsWithTheReasonOnStandardError()
    {
        var run = Compile((_, _) => Task.CompletedTask) with { Operations = [new("gone", "Hidden.TestHarness", "Gone")] };

        var result = await Runner.RunAsync(run, CancellationToken.None);

        Assert.Equal(SandboxExitCodes.BadRequest, result.ExitCode);
        Assert.Empty(result.Trials);
        Assert.Equal("Operation 'gone': no static Hidden.TestHarness.Gone(JsonNode, HarnessContext).", result.StandardError);
    }

    [Fact]
    public async Task RunAsync_Cancelled_KillsTheProcessAndThrows()
    {
        var run = Compile((session, cancellationToken) => session.CallAsync("wait", null, cancellationToken));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Runner.RunAsync(run, cancel.Token));

        Assert.Empty(Directory.GetDirectories(Path.Combine(fixture.Data.Path, "sandbox")));
    }

    private SandboxRunner Runner => fixture.Services.GetRequiredService<SandboxRunner>();

    private SandboxRun Compile(Func<SandboxSession, CancellationToken, Task> judge)
    {
        var harnessFile = _directory.File("Harness.cs");
        File.WriteAllText(harnessFile, Harness);
        var checksFile = _directory.File("Checks.cs");
        File.WriteAllText(checksFile, "public static class NoChecks { }");
        var compiled = fixture.Compiler.Compile(new Dictionary<string, string> { ["Solution.cs"] = Solution }, [harnessFile], checksFile);
        Assert.True(compiled.Succeeded, compiled.ChecksError);
        return new SandboxRun(compiled.AssemblyImage!, ["Solution.cs"],
            [.. compiled.Operations.Select(o => new HarnessOperationEntry(o.Name, o.TypeName, o.MethodName))], SandboxLimits.Default,
            GradingGateway.Endpoint, "model", SocketPath: null, Token: null, judge);
    }
}
