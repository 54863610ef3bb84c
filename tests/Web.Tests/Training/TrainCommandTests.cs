using System.Diagnostics;
using System.Text.Json;

namespace Workbench.Web.Tests.Training;

/// <summary><c>Workbench.Train</c> as lab 09's runs start it (built beside the app): the <c>--json</c> protocol line
/// by line, refused knobs with exit code 2, and <c>--generate</c> on the model a run wrote.</summary>
public sealed class TrainCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wb-train-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int Exit, string[] Out, string Err) Run(params string[] args)
    {
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Workbench.Train"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3))) { process.Kill(entireProcessTree: true); throw new TimeoutException("Workbench.Train did not finish."); }
        return (process.ExitCode, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), stderr.Result);
    }

    [Fact]
    public void A_json_run_prints_only_protocol_lines_ending_in_done_and_its_model_answers_generate()
    {
        string model = Path.Combine(_folder, "smoke.gguf");
        var (exit, lines, err) = Run("--preset", "tiny", "--steps", "3", "--batch", "2", "--conversations", "60", "--sample-every", "2", "--threads", "1", "--out", model, "--json");
        Assert.True(exit == 0, err);
        var events = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(events, e => Assert.Contains(e.GetProperty("type").GetString(), new[] { "phase", "step", "sample", "done" }));
        var steps = events.Where(e => e.GetProperty("type").GetString() == "step").ToList();
        Assert.Equal([1, 2, 3], steps.Select(s => s.GetProperty("step").GetInt32()));
        Assert.All(steps, s =>
        {
            Assert.Equal(3, s.GetProperty("steps").GetInt32());
            Assert.True(double.IsFinite(s.GetProperty("loss").GetDouble()));
            Assert.True(s.GetProperty("tokens_per_second").GetDouble() > 0);
            Assert.True(s.GetProperty("learning_rate").GetDouble() > 0);
        });
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "sample" && e.GetProperty("step").GetInt32() == 0);
        var done = events[^1];
        Assert.Equal("done", done.GetProperty("type").GetString());
        Assert.Equal(model, done.GetProperty("model_path").GetString());
        Assert.Equal(new FileInfo(model).Length, done.GetProperty("bytes").GetInt64());

        var (genExit, genLines, genErr) = Run("--generate", model, "--prompt", "What's the weather in Oslo?", "--tools", "get_weather", "--max-tokens", "8", "--json");
        Assert.True(genExit == 0, genErr);
        var generation = JsonDocument.Parse(Assert.Single(genLines)).RootElement;
        Assert.Equal("generation", generation.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.String, generation.GetProperty("text").ValueKind);
    }

    [Theory]
    [InlineData("--lr", "1", "learning rate")]
    [InlineData("--steps", "0", "Steps")]
    [InlineData("--minutes", "90", "Minutes")]
    [InlineData("--preset", "huge", "--preset")]
    [InlineData("--bogus", "1", "Unknown option")]
    public void Out_of_bounds_or_unknown_options_exit_with_2_and_say_why(string option, string value, string expected)
    {
        string model = Path.Combine(_folder, "never.gguf");
        var (exit, lines, err) = Run("--preset", "tiny", option, value, "--out", model, "--json");
        Assert.Equal(2, exit);
        Assert.Contains(expected, string.Join("\n", lines) + err, StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(model));
    }
}
