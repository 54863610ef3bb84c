using Workbench.Engine.Tools;
using Workbench.Engine.Tools.Parsing;

namespace Workbench.Engine.Tests.Tools.Parsing;

public sealed class Qwen3CoderParserTests
{
    private static ToolCallParseResult Parse(string text) => StreamingEquivalence.Check(ToolCallFormat.Qwen3Coder, text, ParsingTestTools.WeatherAndSearch);

    [Fact]
    public void Parse_ParametersTypedBySchema_BuildsTypedJson()
    {
        ToolCallParseResult result = Parse("<tool_call>\n<function=get_weather>\n<parameter=city>\nSão \"Paulo\"\nline 2\n</parameter>\n<parameter=days>\n3\n</parameter>\n<parameter=metric>\nTrue\n</parameter>\n<parameter=where>\n{\"lat\": 1.5}\n</parameter>\n<parameter=tags>\n[\"a\"]\n</parameter>\n</function>\n</tool_call>");
        Assert.Null(result.Content);
        Assert.Equal("{\"city\":\"São \\\"Paulo\\\"\\nline 2\",\"days\":3,\"metric\":true,\"where\":{\"lat\":1.5},\"tags\":[\"a\"]}", Assert.Single(result.ToolCalls).Arguments);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Parse_WithoutTools_EveryValueIsAString()
    {
        ToolCallParseResult result = StreamingEquivalence.Check(ToolCallFormat.Qwen3Coder, "<tool_call>\n<function=f>\n<parameter=n>\n3\n</parameter>\n</function>\n</tool_call>");
        Assert.Equal("{\"n\":\"3\"}", Assert.Single(result.ToolCalls).Arguments);
    }

    [Fact]
    public void Parse_BadNumber_IsKeptAsAStringWithADiagnostic()
    {
        ToolCallParseResult result = Parse("<tool_call>\n<function=get_weather>\n<parameter=days>\nthree\n</parameter>\n</function>\n</tool_call>");
        Assert.Equal("{\"days\":\"three\"}", Assert.Single(result.ToolCalls).Arguments);
        Assert.Contains("not a valid integer", Assert.Single(result.Diagnostics).Message);
    }

    [Fact]
    public void Parse_CutOffInsideAValue_ClosesAndKeepsTheCall()
    {
        ToolCallParseResult result = Parse("Checking.<tool_call>\n<function=search>\n<parameter=q>\nweather in Par");
        Assert.Equal("Checking.", result.Content);
        Assert.Equal("{\"q\":\"weather in Par\"}", Assert.Single(result.ToolCalls).Arguments);
        Assert.Equal(2, result.Diagnostics.Count); // inside <parameter=q>, and no </tool_call>
        Assert.All(result.Diagnostics, d => Assert.True(d.Rescued));
    }

    [Fact]
    public void Parse_TwoCallsAndMissingParameterClose_AreRescued()
    {
        ToolCallParseResult result = Parse("<tool_call>\n<function=search>\n<parameter=q>\ncats\n</function>\n</tool_call>\n<tool_call>\n<function=search>\n<parameter=q>\ndogs\n</parameter>\n</function>\n</tool_call>");
        Assert.Equal(["{\"q\":\"cats\"}", "{\"q\":\"dogs\"}"], result.ToolCalls.Select(c => c.Arguments));
        Assert.Contains("missing </parameter>", Assert.Single(result.Diagnostics).Message);
    }

    [Fact]
    public void Parse_UnknownFunction_StaysContent()
    {
        const string text = "<tool_call>\n<function=rm_rf>\n<parameter=path>\n/\n</parameter>\n</function>\n</tool_call>";
        ToolCallParseResult result = Parse(text);
        Assert.Empty(result.ToolCalls);
        Assert.Equal(text, result.Content);
        Assert.Contains("unknown tool 'rm_rf'", result.Diagnostics[0].Message);
    }

    [Fact]
    public void Parse_HermesJsonInside_IsNotACall()
    {
        const string text = "<tool_call>\n{\"name\": \"search\", \"arguments\": {\"q\": \"x\"}}\n</tool_call>";
        ToolCallParseResult result = Parse(text);
        Assert.Empty(result.ToolCalls);
        Assert.Equal(text, result.Content);
        Assert.Contains("expected <function=NAME>", Assert.Single(result.Diagnostics).Message);
    }

    [Fact]
    public void Push_StringValueStreamsAsItArrives()
    {
        ToolCallStreamParser parser = ToolCallStreamParser.Create(ToolCallFormat.Qwen3Coder, ParsingTestTools.WeatherAndSearch);
        IReadOnlyList<ToolCallEvent> events = parser.Push("<tool_call>\n<function=search>\n<parameter=q>\nhello wor");
        Assert.Equal("{\"q\":\"hello wor", string.Concat(events.OfType<ToolCallArgumentsDelta>().Select(d => d.Fragment)));
    }
}
