using System.Text.Json;
using Microsoft.Extensions.AI;
using Workbench.Lab.Tools;
using Workbench.Lab.Tools.Builtin;
using static Workbench.Lab.Tests.Tools.ScriptedChatClient;

namespace Workbench.Lab.Tests.Tools;

public sealed class ToolLoopTests
{
    private static readonly ChatMessage[] Question = [new(ChatRole.User, "What is the weather in Paris?")];

    private static Dictionary<string, object?> Args(params (string Key, object? Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public async Task RunAsync_CallThenAnswer_RunsTheToolAndTracesBothSteps()
    {
        var client = new ScriptedChatClient(
            () => Calls("<tool_call>{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}</tool_call>", Call("c1", "get_weather", Args(("city", "Paris")))),
            () => Answer("It is mild in Paris."));

        var result = await new ToolLoop(client).RunAsync(Question, [new WeatherTool()]);

        var trace = result.Trace;
        Assert.Equal(ToolLoopOutcome.Completed, trace.Outcome);
        Assert.Equal("Answered after 2 iterations.", trace.Summary);
        Assert.Equal("It is mild in Paris.", trace.FinalText);
        Assert.Equal(2, trace.Steps.Count);
        var first = trace.Steps[0];
        Assert.StartsWith("<tool_call>", first.RawText);
        var call = Assert.Single(first.Calls);
        Assert.Equal(("c1", "get_weather", "{\"city\":\"Paris\"}"), (call.Id, call.Name, call.Arguments));
        var toolResult = Assert.Single(first.Results);
        Assert.False(toolResult.IsError);
        Assert.Contains("\"source\":\"simulated\"", toolResult.Text);
        Assert.Equal((100L, 20L), (first.InputTokens!.Value, first.OutputTokens!.Value));
        Assert.Equal("It is mild in Paris.", trace.Steps[1].RawText);
        Assert.Empty(trace.Steps[1].Calls);
        Assert.Equal((250L, 27L), (trace.InputTokens, trace.OutputTokens));

        // The second request carried the call and its result; the tools were offered on every request.
        var second = client.Requests[1];
        var resultContent = Assert.Single(second.Last().Contents.OfType<FunctionResultContent>());
        Assert.Equal(ChatRole.Tool, second.Last().Role);
        Assert.Equal("c1", resultContent.CallId);
        Assert.All(client.Options, o => Assert.Equal("get_weather", Assert.Single(o!.Tools!).Name));
        Assert.Equal(4, result.Messages.Count);
    }

    [Fact]
    public async Task RunAsync_TwoParallelCalls_AnswersBothInOneToolMessage()
    {
        var client = new ScriptedChatClient(
            () => Calls("two calls", Call("a", "calculate", Args(("expression", "6*7"))), Call("b", "get_weather", Args(("city", "Oslo")))),
            () => Answer("done"));

        var result = await new ToolLoop(client).RunAsync(Question, [new CalculatorTool(), new WeatherTool()]);

        var step = result.Trace.Steps[0];
        Assert.Equal(["a", "b"], step.Results.Select(r => r.CallId));
        Assert.Equal("42", step.Results[0].Text);
        Assert.Contains("Oslo", step.Results[1].Text);
        var toolMessage = client.Requests[1].Last();
        Assert.Equal(["a", "b"], toolMessage.Contents.OfType<FunctionResultContent>().Select(r => r.CallId));
    }

    [Fact]
    public async Task RunAsync_UnknownTool_ReturnsAnErrorNamingTheKnownTools()
    {
        var client = new ScriptedChatClient(() => Calls("x", Call("c1", "get_wether", Args(("city", "Paris")))), () => Answer("sorry"));

        var result = await new ToolLoop(client).RunAsync(Question, [new WeatherTool(), new CalculatorTool()]);

        var error = Assert.Single(result.Trace.Steps[0].Results);
        Assert.True(error.IsError);
        Assert.Equal("Unknown tool 'get_wether'. Available tools: get_weather, calculate.", error.Text);
        Assert.Equal(ToolLoopOutcome.Completed, result.Trace.Outcome);
    }

    [Fact]
    public async Task RunAsync_ArgumentsAgainstTheSchema_AreRejectedBeforeTheToolRuns()
    {
        int runs = 0;
        var counted = AIFunctionFactory.Create((string city) => { runs++; return city; }, "lookup");
        var client = new ScriptedChatClient(
            () => Calls("x", Call("c1", "get_weather", Args(("city", 42))), Call("c2", "get_weather", Args(("town", "Paris"))), Call("c3", "lookup", Args(("city", 7)))),
            () => Answer("ok"));

        var result = await new ToolLoop(client).RunAsync(Question, [new WeatherTool(), counted]);

        var results = result.Trace.Steps[0].Results;
        Assert.All(results, r => Assert.True(r.IsError));
        Assert.Contains("Invalid arguments for 'get_weather'", results[0].Text);
        Assert.Contains("expected string", results[0].Text);
        Assert.Contains("'city' is missing", results[1].Text);
        Assert.Contains("Invalid arguments for 'lookup'", results[2].Text);
        Assert.Equal(0, runs);
    }

    [Fact]
    public async Task RunAsync_ToolThrows_ReturnsTheExceptionAsTheResult()
    {
        var failing = AIFunctionFactory.Create(string () => throw new InvalidOperationException("disk on fire"), "explode");
        var client = new ScriptedChatClient(() => Calls("x", Call("c1", "explode", [])), () => Answer("ok"));

        var result = await new ToolLoop(client).RunAsync(Question, [failing]);

        var error = Assert.Single(result.Trace.Steps[0].Results);
        Assert.True(error.IsError);
        Assert.Equal("The tool 'explode' failed: InvalidOperationException: disk on fire", error.Text);
    }

    [Fact]
    public async Task RunAsync_ToolHangs_TimesOutAndGoesOn()
    {
        var hanging = AIFunctionFactory.Create(async Task<string> () => { await Task.Delay(Timeout.Infinite); return "never"; }, "hang");
        var client = new ScriptedChatClient(() => Calls("x", Call("c1", "hang", [])), () => Answer("ok"));

        var result = await new ToolLoop(client).RunAsync(Question, [hanging], options: new ToolLoopOptions { ToolTimeout = TimeSpan.FromMilliseconds(200) });

        var error = Assert.Single(result.Trace.Steps[0].Results);
        Assert.True(error.IsError);
        Assert.Equal("The tool 'hang' did not finish within 0.2 s and was cancelled.", error.Text);
        Assert.InRange(error.DurationMs, 150, 5000);
        Assert.Equal(ToolLoopOutcome.Completed, result.Trace.Outcome);
    }

    [Fact]
    public async Task RunAsync_ModelNeverStops_StopsAfterMaxIterations()
    {
        var client = new ScriptedChatClient(() => Calls("again", Call("", "calculate", Args(("expression", "1+1")))));
        var seen = new List<int>();

        var result = await new ToolLoop(client).RunAsync(Question, [new CalculatorTool()],
            options: new ToolLoopOptions { MaxIterations = 3, StepCompleted = s => seen.Add(s.Iteration) });

        Assert.Equal(ToolLoopOutcome.MaxIterationsReached, result.Trace.Outcome);
        Assert.Equal("Stopped after 3 iterations: the model was still calling tools.", result.Trace.Summary);
        Assert.Equal([1, 2, 3], seen);
        Assert.Equal(3, client.Requests.Count);
        Assert.Equal("call_3_0", result.Trace.Steps[2].Calls[0].Id);
    }

    [Fact]
    public async Task RunAsync_CancelledDuringATool_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        var hanging = AIFunctionFactory.Create(async Task<string> (CancellationToken token) =>
        {
            cts.Cancel();
            await Task.Delay(Timeout.Infinite, token);
            return "never";
        }, "hang");
        var client = new ScriptedChatClient(() => Calls("x", Call("c1", "hang", [])), () => Answer("ok"));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new ToolLoop(client).RunAsync(Question, [hanging], cancellationToken: cts.Token));
        Assert.Single(client.Requests);
    }

    [Fact]
    public async Task Trace_SerialisesToJsonWithItsContents()
    {
        var client = new ScriptedChatClient(() => Calls("raw", Call("c1", "calculate", Args(("expression", "2**10")))), () => Answer("1024"));
        var result = await new ToolLoop(client).RunAsync(Question, [new CalculatorTool()]);

        var json = JsonSerializer.Serialize(result.Trace);
        using var document = JsonDocument.Parse(json);
        var step = document.RootElement.GetProperty("Steps")[0];
        Assert.Equal("raw", step.GetProperty("RawText").GetString());
        Assert.Equal("{\"expression\":\"2**10\"}", step.GetProperty("Calls")[0].GetProperty("Arguments").GetString());
        Assert.Equal("1024", step.GetProperty("Results")[0].GetProperty("Text").GetString());
        Assert.Equal(json, JsonSerializer.Serialize(JsonSerializer.Deserialize<ToolLoopTrace>(json)));
    }

    [Fact]
    public async Task RunAsync_OptionsOutOfRange_Throw()
    {
        var loop = new ToolLoop(new ScriptedChatClient(() => Answer("x")));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => loop.RunAsync(Question, [], options: new ToolLoopOptions { MaxIterations = 0 }));
    }
}
