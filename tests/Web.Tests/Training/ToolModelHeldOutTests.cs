using Workbench.Lab.Training.Corpus;
using Workbench.Lab.Training.Evaluation;
using Workbench.Web.Tests.Hosting;
using Xunit.Abstractions;

namespace Workbench.Web.Tests.Training;

/// <summary>
/// The committed tool model (<c>models/workbench-tools.gguf</c>) meets issue 15's held-out targets through the lab's
/// own <c>/v1/chat/completions</c>, routed by <c>model</c> to the tool worker, with <c>tool_choice: auto</c> at
/// temperature 0: held-out conversations draw phrasings, cities, numbers and queries from pools the training corpus
/// never uses (<c>CorpusSplit.HeldOut</c>; disjointness is tested in Lab.Tests), with any subset of tools offered.
/// </summary>
public sealed class ToolModelHeldOutTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly WorkbenchAppFactory _app = new();

    public async Task InitializeAsync()
    {
        _app.Settings["Engine:DefaultModel"] = Path.Combine(TestPaths.SharedModels, "stories260K.gguf");
        _app.Settings["Engine:ModelDirectories:1"] = Path.Combine(TestPaths.RepoRoot, "models");
        _app.Settings["Engine:ToolModel"] = "workbench-tools.gguf";
        _app.Settings["Engine:Threads"] = "2";
        await _app.StartReadyAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_committed_model_calls_the_right_tool_with_the_right_arguments_on_held_out_prompts_and_answers_plainly_when_no_tool_fits()
    {
        var model = new FileInfo(Path.Combine(TestPaths.RepoRoot, "models", "workbench-tools.gguf"));
        Assert.True(model.Exists && model.Length <= 10 * 1024 * 1024, $"the committed model is {model.Length:N0} bytes");
        var cases = new ToolCorpusGenerator(seed: 20261207).Generate(200, CorpusSplit.HeldOut);
        using var http = _app.CreateClient();
        http.Timeout = TimeSpan.FromMinutes(5);
        ToolCallEvalReport report = await ToolCallEvaluator.RunAsync(http, "workbench-tools", cases, CancellationToken.None);
        output.WriteLine(report.ToMarkdownTable());
        output.WriteLine(report.ToMarkdownCaseTable(40));

        Assert.True(report.CallCases >= 100 && report.NoCallCases >= 20, $"{report.CallCases} call cases, {report.NoCallCases} no-call cases");
        Assert.Equal(report.Attempted, report.ValidCount);                    // 100 % parseable, schema-valid calls
        Assert.True(report.RightArguments >= 0.90, $"right tool and arguments {report.RightArguments:P1}");
        Assert.True(report.RightTool >= report.RightArguments);
        Assert.True(report.NoCallAccuracy >= 0.95, $"no-call accuracy {report.NoCallAccuracy:P1}");
    }
}
