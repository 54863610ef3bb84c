using Microsoft.Extensions.AI;
using Workbench.Lab.Tools.Builtin;
using static Workbench.Lab.Tests.Tools.ScriptedChatClient;

namespace Workbench.Lab.Tests.Tools.Builtin;

/// <summary>The built-in tools are plain AIFunctions: MEAI's own FunctionInvokingChatClient runs them too.</summary>
public sealed class FunctionInvocationTests
{
    [Fact]
    public async Task UseFunctionInvocation_RunsTheBuiltinTools()
    {
        var inner = new ScriptedChatClient(
            () => Calls("x",
                new FunctionCallContent("c1", "calculate", new Dictionary<string, object?> { ["expression"] = "6 * 7" }),
                new FunctionCallContent("c2", "convert_units", new Dictionary<string, object?> { ["value"] = 10, ["from_unit"] = "km", ["to_unit"] = "mi" })),
            () => Answer("42, and 6.2 miles"));
        using var client = new ChatClientBuilder(inner).UseFunctionInvocation().Build();
        var tools = new BuiltinTools(Path.GetTempPath());

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "compute")],
            new ChatOptions { Tools = [.. tools.Select(["calculate", "convert_units"])] });

        Assert.Equal("42, and 6.2 miles", response.Text);
        var results = inner.Requests[1].SelectMany(m => m.Contents).OfType<FunctionResultContent>().ToList();
        Assert.Equal(["c1", "c2"], results.Select(r => r.CallId));
        Assert.Equal("42", results[0].Result?.ToString());
        Assert.Equal("10 km = 6.213711922 mi", results[1].Result?.ToString());
    }
}
