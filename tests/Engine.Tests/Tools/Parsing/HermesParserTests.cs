using Workbench.Engine.Tools;
using Workbench.Engine.Tools.Parsing;

namespace Workbench.Engine.Tests.Tools.Parsing;

public sealed class HermesParserTests
{
    private static ToolCallParseResult Parse(string text) => StreamingEquivalence.Check(ToolCallFormat.Hermes, text, ParsingTestTools.WeatherAndSearch);

    [Fact]
    public void Parse_WellFormedCall_GivesCompactArgumentsAndNoContent()
    {
        ToolCallParseResult result = Parse("<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris, FR\", \"days\": 3}}\n</tool_call>");
        Assert.Null(result.Content);
        Assert.Equal("get_weather", Assert.Single(result.ToolCalls).Name);
        Assert.Equal("{\"city\":\"Paris, FR\",\"days\":3}", result.ToolCalls[0].Arguments);
        Assert.StartsWith("call_", result.ToolCalls[0].Id);
        Assert.Equal(29, result.ToolCalls[0].Id.Length);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Parse_TextBeforeAndTwoCalls_KeepsTextAsContentAndBothCalls()
    {
        ToolCallParseResult result = Parse("Let me look.\n<tool_call>\n{\"name\": \"search\", \"arguments\": {\"q\": \"cats\"}}\n</tool_call>\n<tool_call>{\"arguments\": {\"q\": \"dogs\"}, \"name\": \"search\"}</tool_call>");
        Assert.Equal("Let me look.\n\n", result.Content);
        Assert.Equal(["{\"q\":\"cats\"}", "{\"q\":\"dogs\"}"], result.ToolCalls.Select(c => c.Arguments));
    }

    [Fact]
    public void Parse_MissingClosingTagAtEnd_RescuesTheCall()
    {
        ToolCallParseResult result = Parse("<tool_call>\n{\"name\": \"search\", \"arguments\": {\"q\": \"x\"}}");
        Assert.Single(result.ToolCalls);
        Assert.True(Assert.Single(result.Diagnostics).Rescued);
        Assert.Contains("missing </tool_call>", result.Diagnostics[0].Message);
    }

    [Fact]
    public void Parse_BrokenJson_KeepsTheRawTextAsContentWithTheOffset()
    {
        const string text = "<tool_call>\n{\"name\": \"search\", \"arguments\": {\"q\": \"x\",}}\n</tool_call>";
        ToolCallParseResult result = Parse(text);
        Assert.Empty(result.ToolCalls);
        Assert.Equal(text, result.Content);
        Assert.Contains("does not parse at offset", Assert.Single(result.Diagnostics).Message);
    }

    [Theory]
    [InlineData("<tool_call>{\"arguments\": {}}</tool_call>", "'name' missing")]
    [InlineData("<tool_call>{\"name\": \"launch\", \"arguments\": {}}</tool_call>", "unknown tool 'launch' (tools: get_weather, search)")]
    [InlineData("<tool_call>{\"name\": \"search\", \"arguments\": [1]}</tool_call>", "'arguments' is not an object")]
    [InlineData("<tool_call>{\"name\": \"search\"}</tool_call>", "'arguments' or 'parameters' missing")]
    [InlineData("<tool_call>\n<function=search>\n</function>\n</tool_call>", "expected a JSON object")]
    public void Parse_NotACall_SaysWhyAndKeepsEverythingAsContent(string text, string why)
    {
        ToolCallParseResult result = Parse(text);
        Assert.Empty(result.ToolCalls);
        Assert.Equal(text, result.Content);
        Assert.Contains(why, Assert.Single(result.Diagnostics).Message);
    }

    [Fact]
    public void Parse_PlainText_SaysThereIsNoTag()
    {
        ToolCallParseResult result = Parse("Once upon a time <tool was here.");
        Assert.Equal("Once upon a time <tool was here.", result.Content);
        Assert.Equal("no <tool_call> tag", Assert.Single(result.Diagnostics).Message);
    }

    [Fact]
    public void Push_StreamsArgumentsBeforeTheCallEnds_AndHoldsBackOnlyAMarkerPrefix()
    {
        ToolCallStreamParser parser = ToolCallStreamParser.Create(ToolCallFormat.Hermes, ParsingTestTools.WeatherAndSearch);
        Assert.Equal([new ContentDelta("Sure ")], parser.Push("Sure <tool"));
        IReadOnlyList<ToolCallEvent> events = parser.Push("_call>{\"name\": \"search\", \"arguments\": {\"q\": \"ca");
        Assert.Equal("search", Assert.IsType<ToolCallStarted>(events[0]).Name);
        Assert.Equal("{\"q\":\"ca", Assert.IsType<ToolCallArgumentsDelta>(events[1]).Fragment);
        Assert.Equal([new ToolCallArgumentsDelta(0, "ts\"}")], parser.Push("ts\"}"));
        Assert.IsType<ToolCallFinished>(Assert.Single(parser.Push("}")));
    }

    [Fact]
    public void Parse_ArgumentsSerializedAsAString_AreDecoded()
    {
        ToolCallParseResult result = Parse("<tool_call>{\"name\": \"search\", \"arguments\": \"{\\\"q\\\": \\\"x y\\\"}\"}</tool_call>");
        Assert.Equal("{\"q\":\"x y\"}", Assert.Single(result.ToolCalls).Arguments);
    }
}
