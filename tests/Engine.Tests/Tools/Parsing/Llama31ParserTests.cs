using Workbench.Engine.Tools;
using Workbench.Engine.Tools.Parsing;

namespace Workbench.Engine.Tests.Tools.Parsing;

public sealed class Llama31ParserTests
{
    private static ToolCallParseResult Parse(string text) => StreamingEquivalence.Check(ToolCallFormat.Llama31, text, ParsingTestTools.WeatherAndSearch);

    [Theory]
    [InlineData("{\"name\": \"search\", \"parameters\": {\"q\": \"x\"}}")]
    [InlineData("<|python_tag|>{\"name\": \"search\", \"parameters\": {\"q\": \"x\"}}")]
    [InlineData("{\"type\": \"function\", \"name\": \"search\", \"parameters\": {\"q\": \"x\"}}")]
    [InlineData("  {\n  \"name\": \"search\",\n  \"arguments\": {\"q\": \"x\"}\n}\n")]
    public void Parse_CallShapes_GiveOneCall(string text)
    {
        ToolCallParseResult result = Parse(text);
        Assert.Null(result.Content);
        Assert.Equal("{\"q\":\"x\"}", Assert.Single(result.ToolCalls).Arguments);
    }

    [Fact]
    public void Parse_SeveralCallsSeparatedBySemicolons_GivesAllOfThem()
    {
        ToolCallParseResult result = Parse("{\"name\": \"search\", \"parameters\": {\"q\": \"a\"}}; {\"name\": \"search\", \"parameters\": {\"q\": \"b\"}}");
        Assert.Equal(2, result.ToolCalls.Count);
        Assert.Null(result.Content);
    }

    [Fact]
    public void Parse_BracesInProse_StayContent()
    {
        ToolCallParseResult result = Parse("Use {braces} and {\"json\": 1} freely.");
        Assert.Equal("Use {braces} and {\"json\": 1} freely.", result.Content);
        Assert.Empty(result.ToolCalls);
        Assert.Contains(result.Diagnostics, d => d.Message.Contains("'name' missing"));
    }

    [Fact]
    public void Parse_TruncatedCall_IsFailedAndGivenBack()
    {
        ToolCallParseResult result = Parse("{\"name\": \"search\", \"parameters\": {\"q\": \"a");
        Assert.Empty(result.ToolCalls);
        Assert.Equal("{\"name\": \"search\", \"parameters\": {\"q\": \"a", result.Content);
        Assert.False(Assert.Single(result.Diagnostics).Rescued);
    }

    [Fact]
    public void Push_AStartedCallThatBreaks_IsReportedFailed()
    {
        ToolCallStreamParser parser = ToolCallStreamParser.Create(ToolCallFormat.Llama31);
        IReadOnlyList<ToolCallEvent> first = parser.Push("{\"name\": \"f\", \"parameters\": {\"a\": 1}");
        Assert.Contains(first, e => e is ToolCallStarted);
        IReadOnlyList<ToolCallEvent> rest = parser.Push(" oops");
        Assert.Equal(new ToolCallFailed(0), rest[0]);
        Assert.Equal("{\"name\": \"f\", \"parameters\": {\"a\": 1} oops", ToolCallParseResult.Fold(first.Concat(rest).Concat(parser.Complete())).Content);
    }
}
