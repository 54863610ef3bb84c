using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Workbench.Engine.Tests.TestSupport;

namespace Workbench.Engine.Tests.Evaluation;

/// <summary>llama.cpp's own <c>llama-perplexity</c> and <c>llama-quantize</c> from the release of our natives, built
/// once by <c>tests/reference/llama-tools/build.sh</c> (idempotent, output in its ignored <c>out/</c> folder), run
/// as the references the evaluation tests compare against.</summary>
internal static partial class LlamaReferenceTools
{
    private static readonly Lazy<string> Folder = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>What <c>llama-perplexity -m MODEL -f TEXT -c N_CTX -t 1</c> printed: the chunk count and the final
    /// estimate "PPL = x +/- y".</summary>
    public sealed record PerplexityReport(int Chunks, double Perplexity, double Uncertainty);

    /// <summary>Runs llama-perplexity on <paramref name="model"/> with <paramref name="text"/> at n_ctx
    /// <paramref name="contextSize"/>.</summary>
    public static PerplexityReport Perplexity(string model, string text, int contextSize)
    {
        using var dir = new TempDirectory();
        string textFile = dir.File("eval.txt");
        File.WriteAllText(textFile, text);
        // llama.cpp's tools print through common_log's worker thread; on a loaded machine a run has been seen to exit 0
        // with the last lines (the final estimate) not yet written. Such a run says nothing: run it again, up to 3 times.
        string output = "";
        Match chunks = Match.Empty, final = Match.Empty;
        for (int attempt = 0; attempt < 3 && !(chunks.Success && final.Success); attempt++)
        {
            output = Run("llama-perplexity", "-m", model, "-f", textFile, "-c", contextSize.ToString(CultureInfo.InvariantCulture), "-t", "1");
            chunks = ChunksLine().Match(output);
            final = FinalLine().Match(output);
        }
        if (!chunks.Success || !final.Success)
            throw new InvalidOperationException($"llama-perplexity printed no final estimate in 3 runs:\n{output}");
        return new PerplexityReport(int.Parse(chunks.Groups[1].Value, CultureInfo.InvariantCulture),
            double.Parse(final.Groups[1].Value, CultureInfo.InvariantCulture),
            double.Parse(final.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>Runs <c>llama-quantize SOURCE OUTPUT TYPE 1</c>.</summary>
    public static void Quantize(string source, string output, string type) => Run("llama-quantize", source, output, type, "1");

    private static string Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(Folder.Value, tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} ran for more than 5 minutes.");
        }
        string all = stdout + stderr.Result;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} exited with {process.ExitCode}:\n{all}");
        return all;
    }

    private static string Build()
    {
        string script = Path.Combine(TestModels.RepoRoot, "tests", "reference", "llama-tools", "build.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)) || process.ExitCode != 0)
            throw new InvalidOperationException($"{script} failed:\n{stdout}\n{stderr.Result}");
        return stdout.Trim().Split('\n')[^1].Trim();
    }

    [GeneratedRegex(@"calculating perplexity over (\d+) chunks")]
    private static partial Regex ChunksLine();

    [GeneratedRegex(@"Final estimate: PPL = ([0-9.]+) \+/- ([0-9.]+)")]
    private static partial Regex FinalLine();
}
