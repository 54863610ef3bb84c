using System.Text.RegularExpressions;
using Workbench.Engine.ModelTools;
using Workbench.Engine.Quantization;
using Workbench.Tests.Reference;
using Workbench.Web.Quantization;
using Workbench.Web.Tests.Hosting;

namespace Workbench.Web.Tests.Quantization;

/// <summary>The quantize operation through the real model-tool child process, against llama.cpp's own
/// llama-quantize of the same release (tests/reference/llama-tools).</summary>
[Collection(ModelToolFreezeCollection.Name)]
public sealed partial class ModelToolQuantizeTests(QuantizeTools tools) : IClassFixture<QuantizeTools>
{
    private const string Source = "stories260K.gguf";

    public static TheoryData<string> Types => new(QuantizationType.All.Select(t => t.Name));

    [Theory]
    [MemberData(nameof(Types))]
    public async Task Quantize_Stories260K_WritesLlamaQuantizesBytes_AndListsItsFallbacks(string type)
    {
        var reference = Path.Combine(tools.References, $"ref-{type}.gguf");
        var (exit, log) = LlamaTools.Run(QuantizeTools.LlamaQuantize, Path.Combine(TestPaths.SharedModels, Source), reference, type);
        Assert.True(exit == 0, log);
        var progress = new List<ModelToolProgress>();

        var result = await tools.Runner.RunAsync<QuantizeResult>("quantize", new QuantizeRequest { Source = Source, Type = type },
            new SyncProgress(progress.Add), CancellationToken.None);

        Assert.Equal(Path.Combine(tools.Output, $"stories260K-{type}.gguf"), result.Path);
        Assert.Equal(QuantizeTools.Sha256(reference), QuantizeTools.Sha256(result.Path));
        Assert.Equal(new FileInfo(reference).Length, result.Bytes);
        Assert.False(File.Exists(result.Path + QuantizeOperation.PartialSuffix));
        // The fallbacks are the tensors llama-quantize warned about, and their final type is the one it fell back to.
        var expected = FallbackWarning().Matches(log).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["type"].Value);
        Assert.Equal(expected.Keys.Order(), result.Tensors.Where(t => t.Fallback).Select(t => t.Name).Order());
        Assert.All(result.Tensors.Where(t => t.Fallback), t => Assert.Equal(expected[t.Name], t.Type));
        // Every tensor is listed, in llama-quantize's order, with llama-quantize's final types.
        var lines = TensorLine().Matches(log).Select(m => m.Groups["name"].Value).ToList();
        Assert.Equal(lines, result.Tensors.Select(t => t.Name));
        Assert.Equal(TensorCount().Match(log).Groups["n"].Value, result.Tensors.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(progress.Select(p => p.Fraction).Order(), progress.Select(p => p.Fraction));
        Assert.Equal(1, progress[^1].Fraction);
        Assert.Equal(expected.Count > 0, result.Warnings.Any(w => w.Contains("fell back", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Quantize_UnknownType_FailsWithTheTypeList()
    {
        var e = await Assert.ThrowsAsync<ModelToolException>(() => Run(new QuantizeRequest { Source = Source, Type = "Q4_9" }));
        Assert.Contains("Unknown quantization type 'Q4_9'", e.Message);
        Assert.Contains("Q4_K_M", e.Message);
    }

    [Fact]
    public async Task Quantize_MissingSource_FailsWithTheNotLoadableMessage()
    {
        var e = await Assert.ThrowsAsync<ModelToolException>(() => Run(new QuantizeRequest { Source = "no-such-model.gguf", Type = "Q8_0" }));
        Assert.Equal(Engine.Models.ModelCatalog.NotLoadableMessage, e.Message);
    }

    [Fact]
    public async Task Quantize_NotGguf_FailsAndWritesNothing()
    {
        await File.WriteAllTextAsync(Path.Combine(tools.Models, "notes.gguf"), "these are not weights");
        var e = await Assert.ThrowsAsync<ModelToolException>(() => Run(new QuantizeRequest { Source = "notes.gguf", Type = "Q8_0" }));
        Assert.Contains("not a GGUF file", e.Message);
        Assert.Empty(Directory.GetFiles(tools.Output, "notes*"));
    }

    [Fact]
    public async Task Quantize_QuantizedSourceWithoutTheFlag_FailsClearly_AndLeavesNoPartialFile()
    {
        var e = await Assert.ThrowsAsync<ModelToolException>(() => Run(new QuantizeRequest { Source = TinyStories, Type = "Q4_0" }));
        Assert.Contains("already quantized", e.Message);
        Assert.Contains("allowRequantize", e.Message);
        Assert.Empty(Directory.GetFiles(tools.Output, "TinyStories-656K-Q8_0-Q4_0*"));
    }

    [Fact]
    public async Task Quantize_QuantizedSourceWithTheFlag_WritesLlamaQuantizesBytes_AndWarns()
    {
        var reference = Path.Combine(tools.References, "ref-requant.gguf");
        var (exit, log) = LlamaTools.Run(QuantizeTools.LlamaQuantize, "--allow-requantize", Path.Combine(TestPaths.SharedModels, TinyStories), reference, "Q4_0");
        Assert.True(exit == 0, log);

        var result = await Run(new QuantizeRequest { Source = TinyStories, Type = "Q4_0", AllowRequantize = true });

        Assert.Equal(QuantizeTools.Sha256(reference), QuantizeTools.Sha256(result.Path));
        Assert.Contains(result.Warnings, w => w.Contains("Requantized an already quantized source (q8_0)", StringComparison.Ordinal));
        Assert.Contains(result.Tensors, t => t.SourceType == "q8_0" && t.Type == "q4_0");
    }

    [Fact]
    public async Task Cancel_WhileRunning_KillsTheProcess_AndDeletesThePartialFile()
    {
        // The child quantizes stories260K in milliseconds and its progress lines are read after they were written,
        // so on a busy machine the child can be done before the test sees a tensor line. Such an attempt cannot
        // test a cancel mid-run; it is repeated (at most 5 times), and the assertions run on an attempt that froze
        // the child while its partial file existed.
        for (int attempt = 1; ; attempt++)
        {
            await using var queue = tools.NewQueue();
            var output = Path.Combine(tools.Output, "stories260K-Q6_K.gguf");
            File.Delete(output);
            bool sawPartial = false;
            QuantizeJob? job = null;
            queue.Changed += view =>
            {
                // At the first tensor llama.cpp has opened the partial file. The child is frozen there (SIGSTOP), so the
                // cancel meets it mid-run however fast the rest would have been; SIGKILL ends a stopped process too.
                if (view.Status == "running" && view.Message is { } m && m.Contains(".weight", StringComparison.Ordinal) && job is not null && !sawPartial)
                {
                    // Every model-tool child of this test process is this job's: the class runs alone (its collection
                    // disables parallelization), so no other test's evaluation child is frozen with it.
                    foreach (var child in ModelToolChildren()) _ = kill(child, SIGSTOP);
                    sawPartial = File.Exists(output + QuantizeOperation.PartialSuffix);
                    queue.Cancel(job.Id);
                }
            };

            job = queue.Enqueue("tester", Source, "Q6_K", allowRequantize: false);
            await queue.WaitIdleAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

            if (!sawPartial && attempt < 5) continue;
            Assert.True(sawPartial, "in 5 attempts the child never was frozen while its partial file existed");
            Assert.Equal(QuantizeJobStatus.Cancelled, job.Status);
            Assert.False(File.Exists(output + QuantizeOperation.PartialSuffix));
            Assert.False(File.Exists(output));
            return;
        }
    }

    [Fact]
    public async Task Queue_RunsJobsOneAtATime_AndCancelsAQueuedJobBeforeItStarts()
    {
        await using var queue = tools.NewQueue();
        var running = 0;
        var maxRunning = 0;
        queue.Changed += _ => { running = queue.List().Count(j => j.Status == QuantizeJobStatus.Running); maxRunning = Math.Max(maxRunning, running); };

        var first = queue.Enqueue("tester", Source, "Q8_0", false);
        var second = queue.Enqueue("tester", Source, "Q5_0", false);
        var third = queue.Enqueue("tester", Source, "Q4_0", false);
        queue.Cancel(third.Id);
        await queue.WaitIdleAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        Assert.Equal(1, maxRunning);
        Assert.Equal(QuantizeJobStatus.Done, first.Status);
        Assert.Equal(QuantizeJobStatus.Done, second.Status);
        Assert.Equal(QuantizeJobStatus.Cancelled, third.Status);
        Assert.Equal(new FileInfo(Path.Combine(tools.Output, "stories260K-Q5_0.gguf")).Length, second.Snapshot().Output!.Bytes);
        Assert.Contains(tools.Catalog.List(), m => m.FileName == "stories260K-Q5_0.gguf");
        var e = Assert.Throws<QuantizeRequestException>(() => queue.Enqueue("tester", Source, "Q4_9", false));
        Assert.Equal(400, e.StatusCode);
    }

    private const int SIGSTOP = 19;

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    /// <summary>The model-tool processes this test process started (their parent is us; /proc/PID/stat field 4).</summary>
    private static IEnumerable<int> ModelToolChildren()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string stat, cmdline;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
                cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
            }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields.Length > 1 && fields[1] == Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)
                && cmdline.Contains(ModelToolHost.Switch, StringComparison.Ordinal)) yield return pid;
        }
    }

    private const string TinyStories = "TinyStories-656K-Q8_0.gguf";

    private Task<QuantizeResult> Run(QuantizeRequest request) =>
        tools.Runner.RunAsync<QuantizeResult>("quantize", request, null, CancellationToken.None);

    [GeneratedRegex(@"warning: (?<name>\S+)\s+- ncols.*?-> falling back to\s+(?<type>\S+)")]
    private static partial Regex FallbackWarning();

    [GeneratedRegex(@"\[\s*\d+/\s*\d+\]\s+(?<name>\S+)\s+- \[")]
    private static partial Regex TensorLine();

    [GeneratedRegex(@"\[\s*1/\s*(?<n>\d+)\]")]
    private static partial Regex TensorCount();

    private sealed class SyncProgress(Action<ModelToolProgress> report) : IProgress<ModelToolProgress>
    {
        public void Report(ModelToolProgress value) { lock (this) report(value); }
    }
}
