using System.Text.Json;
using System.Text.RegularExpressions;
using Workbench.Engine.Grammar;
using Workbench.Engine.Grammar.JsonSchema;
using Workbench.Engine.Tools;
using Workbench.Engine.Tools.Grammar;
using Xunit;

namespace Workbench.Engine.Tests.Tools.Grammar;

/// <summary><see cref="ToolCallGrammar.Build"/>: which choices get a grammar, what llama.cpp's parser says of it,
/// the trigger patterns, and the errors.</summary>
[Collection(ToolGrammarCollection.Name)]
public sealed class ToolCallGrammarTests(ToolGrammarFixture fixture)
{
    public static TheoryData<ToolCallFormat, MistralCallForm> Formats() => new()
    {
        { ToolCallFormat.Hermes, MistralCallForm.JsonArray },
        { ToolCallFormat.Qwen3Coder, MistralCallForm.JsonArray },
        { ToolCallFormat.Llama31, MistralCallForm.JsonArray },
        { ToolCallFormat.Mistral, MistralCallForm.JsonArray },
        { ToolCallFormat.Mistral, MistralCallForm.Args },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Build_EveryChoice_LlamaCppParsesTheGrammar(ToolCallFormat format, MistralCallForm form)
    {
        var options = new ToolCallGrammarOptions { MistralForm = form };
        foreach (var choice in new[] { ToolChoice.Auto, ToolChoice.Required, ToolChoice.Function("create-event") })
        {
            foreach (bool parallel in new[] { false, true })
            {
                var result = ToolCallGrammar.Build(format, TestTools.All, choice, parallel, options);
                Assert.NotNull(result.Gbnf);
                Assert.Equal(choice.Mode == ToolChoiceMode.Auto, result.IsLazy);
                GbnfGrammar.Validate(result.Gbnf!, fixture.Model, result.Root);
            }
        }
    }

    [Fact]
    public void Build_NoneOrAutoWithoutTools_HasNoGrammar()
    {
        Assert.Null(ToolCallGrammar.Build(ToolCallFormat.Hermes, TestTools.All, ToolChoice.None, true).Gbnf);
        Assert.Null(ToolCallGrammar.Build(ToolCallFormat.Hermes, [], ToolChoice.Auto, true).Gbnf);
    }

    [Fact]
    public void Build_Named_OnlyThatToolsRules()
    {
        var result = ToolCallGrammar.Build(ToolCallFormat.Hermes, TestTools.All, ToolChoice.Function("set_alarm"), false);
        Assert.Contains("set_alarm", result.Gbnf);
        Assert.DoesNotContain("get_weather", result.Gbnf);
        Assert.Matches(new Regex("^t1-root ::= ", RegexOptions.Multiline), result.Gbnf!);
        Assert.Empty(result.TriggerPatterns);
    }

    [Fact]
    public void Build_TwoToolsWithTheSameSchemaShapes_RulesDoNotCollide()
    {
        var a = TestTools.Tool("a", """{"type":"object","properties":{"x":{"type":"integer","minimum":1,"maximum":5}},"required":["x"]}""");
        var b = TestTools.Tool("b", """{"type":"object","properties":{"x":{"type":"string","enum":["p","q"]}},"required":["x"]}""");
        var result = ToolCallGrammar.Build(ToolCallFormat.Llama31, [a, b], ToolChoice.Required, false);
        Assert.Matches(new Regex("^t0-x ::= ", RegexOptions.Multiline), result.Gbnf!);
        Assert.Matches(new Regex("^t1-x ::= ", RegexOptions.Multiline), result.Gbnf!);
        GbnfGrammar.Validate(result.Gbnf!, fixture.Model);
    }

    [Theory]
    [InlineData(ToolCallFormat.Hermes, "Sure. <tool_call>", "<tool_call>")]
    [InlineData(ToolCallFormat.Hermes, "Sure. <tool_call>\n{\"na", "<tool_call>\n{\"na")]
    [InlineData(ToolCallFormat.Qwen3Coder, "ok<tool_call>\n<func", "<tool_call>\n<func")]
    [InlineData(ToolCallFormat.Llama31, "  {", "{")]
    [InlineData(ToolCallFormat.Llama31, "<|python_tag|>{\"name\": \"", "<|python_tag|>{\"name\": \"")]
    [InlineData(ToolCallFormat.Mistral, "x[TOOL_CALLS][{", "[TOOL_CALLS][{")]
    public void TriggerPatterns_OutputEndingInsideTheOpening_MatchesFromTheMarker(ToolCallFormat format, string output, string fed)
    {
        var result = ToolCallGrammar.Build(format, TestTools.All, ToolChoice.Auto, true);
        var match = result.TriggerPatterns.Select(p => Regex.Match(output, p, RegexOptions.ECMAScript)).First(m => m.Success);
        Assert.Equal(fed, output[match.Groups[1].Index..]);
    }

    [Theory]
    [InlineData(ToolCallFormat.Hermes, "Sure.")]
    [InlineData(ToolCallFormat.Hermes, "<tool_call>\n{\"x")] // past the opening: feeding it would not fit the grammar
    [InlineData(ToolCallFormat.Hermes, "<tool_call> ")]
    [InlineData(ToolCallFormat.Llama31, "Well {")] // Llama 3.1's call is the whole reply
    public void TriggerPatterns_OtherOutput_DoesNotMatch(ToolCallFormat format, string output)
    {
        var result = ToolCallGrammar.Build(format, TestTools.All, ToolChoice.Auto, true);
        Assert.All(result.TriggerPatterns, p => Assert.DoesNotMatch(new Regex(p, RegexOptions.ECMAScript), output));
    }

    [Fact]
    public void Build_UnsupportedKeyword_ThrowsJsonSchemaExceptionNamingToolAndKeyword()
    {
        var tool = TestTools.Tool("lookup", """{"type":"object","properties":{"code":{"type":"string","pattern":"^[A-Z]+$"}}}""");
        var error = Assert.Throws<JsonSchemaException>(() => ToolCallGrammar.Build(ToolCallFormat.Hermes, [TestTools.Weather, tool], ToolChoice.Function("get_weather"), false));
        Assert.Equal("pattern", error.Keyword);
        Assert.Contains("'lookup'", error.Message);
        Assert.Equal("/properties/code/pattern", error.Path);
    }

    [Fact]
    public void Build_ParametersNotAnObjectSchema_ThrowsJsonSchemaException()
    {
        var tool = TestTools.Tool("f", """{"type":"string"}""");
        Assert.Contains("'f'", Assert.Throws<JsonSchemaException>(() => ToolCallGrammar.Build(ToolCallFormat.Qwen3Coder, [tool], ToolChoice.Required, false)).Message);
    }

    [Fact]
    public void Build_BadChoicesAndNames_ThrowArgumentException()
    {
        Assert.Throws<ArgumentException>(() => ToolCallGrammar.Build(ToolCallFormat.Hermes, [], ToolChoice.Required, false));
        Assert.Throws<ArgumentException>(() => ToolCallGrammar.Build(ToolCallFormat.Hermes, TestTools.All, ToolChoice.Function("nope"), false));
        Assert.Throws<ArgumentException>(() => ToolCallGrammar.Build(ToolCallFormat.Hermes, [TestTools.Ping, TestTools.Ping], ToolChoice.Required, false));
        Assert.Throws<ArgumentException>(() => ToolCallGrammar.Build(ToolCallFormat.Hermes, [TestTools.Tool("has space", "{}")], ToolChoice.Required, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => ToolCallGrammar.Build(ToolCallFormat.Hermes, TestTools.All, ToolChoice.Required, true, new ToolCallGrammarOptions { MaxParallelCalls = 0 }));
    }

    [Fact]
    public void Build_UndefinedParameters_IsAnEmptyObject()
    {
        var tool = new ToolDefinition("now", null, default(JsonElement));
        var result = ToolCallGrammar.Build(ToolCallFormat.Hermes, [tool], ToolChoice.Required, false);
        GbnfGrammar.Validate(result.Gbnf!, fixture.Model);
    }
}
