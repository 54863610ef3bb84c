using System.Text.Json.Nodes;
using Workbench.Lab.Training.Corpus;
using Workbench.Lab.Training.Evaluation;
using Workbench.TestSupport.ScriptedOpenAi;

namespace Workbench.Lab.Tests.Training;

public sealed class ToolCallEvaluatorTests
{
    private static CorpusConversation Case(string user, string[] tools, string? expectedTool, string? expectedArgs) => new(
        ToolCorpusGenerator.ToolDefinitions().Where(t => tools.Contains((string)t["function"]!["name"]!)).ToList(),
        [ToolCorpusGenerator.Message("system", "You are a helpful assistant."), ToolCorpusGenerator.Message("user", user), ToolCorpusGenerator.Message("assistant", "(reference answer)")],
        expectedTool is null ? CorpusExpectation.NoCall : new CorpusExpectation(expectedTool, JsonNode.Parse(expectedArgs!)!.AsObject()));

    [Fact]
    public async Task RunAsync_ScriptedReplies_AreEachCountedRight()
    {
        string[] all = ["get_weather", "get_time", "calculate", "convert_units", "search_files"];
        var cases = new List<(CorpusConversation Case, ScriptedReply Reply)>
        {
            (Case("[0] weather in Oslo", all, "get_weather", """{"city":"Oslo"}"""), ScriptedReply.ToolCall("get_weather", """{"city":" oslo "}""")),
            (Case("[1] 5 km to miles", all, "convert_units", """{"value":5,"from_unit":"km","to_unit":"mi"}"""), ScriptedReply.ToolCall("convert_units", """{"value":5.0,"from_unit":"kilometers","to_unit":"miles"}""")),
            (Case("[2] 12 times 7", all, "calculate", """{"expression":"12 * 7"}"""), ScriptedReply.ToolCall("calculate", """{"expression":"7*12"}""")),
            (Case("[3] time in Tokyo", all, "get_time", """{"city":"Tokyo"}"""), ScriptedReply.ToolCall("get_weather", """{"city":"Tokyo"}""")),
            (Case("[4] weather in Lima", all, "get_weather", """{"city":"Lima"}"""), ScriptedReply.ToolCall("get_weather", """{"city":"Lyon"}""")),
            (Case("[5] search for rope", all, "search_files", """{"query":"rope"}"""), ScriptedReply.Text("<tool_call>\n{\"name\": \"search_files\", \"arguments\": {\"query\": \"rope\"\n</tool_call>")),
            (Case("[6] hello there", all, null, null), ScriptedReply.ToolCall("get_weather", """{"city":"Paris"}""")),
            (Case("[7] good morning", ["calculate"], null, null), ScriptedReply.Text("Good morning!")),
            (Case("[8] Oslo in fahrenheit", all, "get_weather", """{"city":"Oslo","unit":"fahrenheit"}"""), ScriptedReply.ToolCall("get_weather", """{"city":"Oslo","unit":"kelvin"}""")),
            (Case("[9] time in Lima", all, "get_time", """{"city":"Lima"}"""), ScriptedReply.HttpError(500, "the model crashed", "server_error")),
            (Case("[10] Quito in F", all, "get_weather", """{"city":"Quito","unit":"fahrenheit"}"""), ScriptedReply.ToolCall("get_weather", """{"unit":"fahrenheit","city":"QUITO"}""")),
            (Case("[11] 3 miles in km", all, "convert_units", """{"value":3,"from_unit":"mi","to_unit":"km"}"""), ScriptedReply.ToolCall("convert_units", """{"value":3,"from_unit":"km","to_unit":"mi"}""")),
            (Case("[12] weather in Rome", ["get_weather"], "get_weather", """{"city":"Rome"}"""), ScriptedReply.ToolCall("get_time", """{"city":"Rome"}""")),
        };
        await using var server = await ScriptedOpenAiServer.StartAsync(request => cases[request.Number - 1].Reply);
        using var http = new HttpClient { BaseAddress = server.BaseUrl };

        var report = await ToolCallEvaluator.RunAsync(http, "workbench-tools", [.. cases.Select(c => c.Case)], CancellationToken.None);

        bool[] attempted = [true, true, true, true, true, true, true, false, true, false, true, true, true];
        bool[] valid = [true, true, true, true, true, false, true, false, false, false, true, true, false];
        bool[] rightTool = [true, true, true, false, true, false, false, false, true, false, true, true, false];
        bool[] rightArgs = [true, true, true, false, false, false, false, false, false, false, true, false, false];
        Assert.Equal(attempted, report.Rows.Select(r => r.Attempted));
        Assert.Equal(valid, report.Rows.Select(r => r.Valid));
        Assert.Equal(rightTool, report.Rows.Select(r => r.RightTool));
        Assert.Equal(rightArgs, report.Rows.Select(r => r.RightArguments));
        Assert.Contains("HTTP 500", report.Rows[9].Error);
        Assert.Equal("tool_calls", report.Rows[0].FinishReason);
        Assert.Equal((8, 11), (report.ValidCount, report.Attempted));
        Assert.Equal((7, 4, 11), (report.RightToolCount, report.RightArgumentsCount, report.CallCases));
        Assert.Equal((1, 2), (report.NoCallCorrectCount, report.NoCallCases));
        Assert.Contains("| right tool and arguments | 36.4 % | 4 / 11 |", report.ToMarkdownTable());
        Assert.Contains("| no-call accuracy | 50.0 % | 1 / 2 |", report.ToMarkdownTable());
        Assert.Contains("| 9 | [9] time in Lima |", report.ToMarkdownCaseTable());

        var sent = server.Requests[0].Body;
        Assert.Equal("workbench-tools", (string?)sent["model"]);
        Assert.Equal("auto", (string?)sent["tool_choice"]);
        Assert.Equal(0, (int)sent["temperature"]!);
        Assert.Equal(ToolCallEvaluator.MaxTokens, (int)sent["max_tokens"]!);
        Assert.Equal(["system", "user"], sent["messages"]!.AsArray().Select(m => (string)m!["role"]!));
        Assert.Equal(5, sent["tools"]!.AsArray().Count);
    }

    [Fact]
    public async Task RunAsync_AModelThatAnswersAsExpected_ScoresFullMarks_OnHeldOutCases()
    {
        var cases = new ToolCorpusGenerator(21).Generate(120, CorpusSplit.HeldOut);
        await using var server = await ScriptedOpenAiServer.StartAsync(request =>
        {
            var expected = cases[request.Number - 1].Expected;
            return expected.ExpectsCall ? ScriptedReply.ToolCall(expected.ToolName!, expected.Arguments!.ToJsonString()) : ScriptedReply.Text("Sure.");
        });
        using var http = new HttpClient { BaseAddress = server.BaseUrl };

        var report = await ToolCallEvaluator.RunAsync(http, "m", cases, CancellationToken.None);

        Assert.All(report.Rows, r => Assert.True(r.Correct, $"case {r.Index}: {r.Prompt}"));
        Assert.Equal((1.0, 1.0, 1.0, 1.0), (report.Valid, report.RightTool, report.RightArguments, report.NoCallAccuracy));
        Assert.True(report.CallCases > 60 && report.NoCallCases > 20);
    }

    [Fact]
    public async Task RunAsync_Cancelled_Throws()
    {
        await using var server = await ScriptedOpenAiServer.StartAsync(_ => ScriptedReply.Slow(TimeSpan.FromSeconds(30), ScriptedReply.Text("late")));
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ToolCallEvaluator.RunAsync(http, "m", new ToolCorpusGenerator(1).Generate(3, CorpusSplit.HeldOut), cts.Token));
    }
}
