using Workbench.Engine.Tools;
using Workbench.Engine.Tools.Parsing;

namespace Workbench.Engine.Tests.Tools.Parsing;

public sealed class MistralParserTests
{
    private static ToolCallParseResult Parse(string text) => StreamingEquivalence.Check(ToolCallFormat.Mistral, text, ParsingTestTools.WeatherAndSearch);

    [Fact]
    public void Parse_ArrayFormWithIds_UsesTheIds()
    {
        ToolCallParseResult result = Parse("[TOOL_CALLS][{\"name\": \"search\", \"id\": \"abc123XYZ\", \"arguments\": {\"q\": \"a\"}}, {\"name\": \"search\", \"arguments\": {\"q\": \"b\"}}]");
        Assert.Equal(2, result.ToolCalls.Count);
        Assert.Equal("abc123XYZ", result.ToolCalls[0].Id);
        Assert.Matches("^[A-Za-z0-9]{9}$", result.ToolCalls[1].Id);
        Assert.Null(result.Content);
    }

    [Fact]
    public void Parse_ArgsFormWithCallId_RepeatedForParallelCalls()
    {
        ToolCallParseResult result = Parse("[TOOL_CALLS]search[CALL_ID]a1b2c3d4e[ARGS]{\"q\": \"a\"}[TOOL_CALLS]get_weather[ARGS]{\"city\": \"Rome\"}");
        Assert.Equal(["search", "get_weather"], result.ToolCalls.Select(c => c.Name));
        Assert.Equal("a1b2c3d4e", result.ToolCalls[0].Id);
        Assert.Equal("{\"city\":\"Rome\"}", result.ToolCalls[1].Arguments);
    }

    [Fact]
    public void Parse_TextBefore_IsContent()
    {
        ToolCallParseResult result = Parse("Sure.[TOOL_CALLS]search{\"q\": \"a\"}");
        Assert.Equal("Sure.", result.Content);
        Assert.Single(result.ToolCalls);
    }

    [Fact]
    public void Parse_ArrayNotClosed_RescuesTheCalls()
    {
        ToolCallParseResult result = Parse("[TOOL_CALLS][{\"name\": \"search\", \"arguments\": {\"q\": \"a\"}}");
        Assert.Single(result.ToolCalls);
        Assert.True(Assert.Single(result.Diagnostics).Rescued);
    }

    [Theory]
    [InlineData("[TOOL_CALLS] not json at all", "unknown tool 'not'")]
    [InlineData("[TOOL_CALLS] {\"name\": 1}", "neither a JSON array nor a function name")]
    [InlineData("[TOOL_CALLS]nuke[ARGS]{}", "unknown tool 'nuke'")]
    [InlineData("[TOOL_CALLS]search[ARGS]{\"q\": \"a\"", "ended inside")]
    public void Parse_NotACall_StaysContent(string text, string why)
    {
        ToolCallParseResult result = Parse(text);
        Assert.Empty(result.ToolCalls);
        Assert.Equal(text, result.Content);
        Assert.Contains(why, Assert.Single(result.Diagnostics).Message);
    }
}
