using Workbench.Engine.Inference;
using Workbench.Engine.Sampling;
using Workbench.Engine.Tests.Generation;
using Workbench.Engine.Tools;
using Workbench.Engine.Tools.Grammar;
using Xunit;

namespace Workbench.Engine.Tests.Tools.Grammar;

/// <summary>Lazy grammars (<see cref="SamplingOptions.GrammarTriggerPatterns"/>, <see cref="SamplingOptions.GrammarTriggerTokens"/>)
/// on stories260K. A story model never writes <c>&lt;tool_call&gt;</c>, so the trigger is the first <c>.</c> it
/// writes, and the grammar is the real Hermes tool-call grammar behind a leading <c>"."</c>: text up to the trigger
/// must be exactly what the same seed writes without a grammar, and everything from the trigger on a valid call.</summary>
[Collection(ToolGrammarCollection.Name)]
public sealed class LazyGrammarTests(ToolGrammarFixture fixture)
{
    private static SamplingOptions Lazy(uint seed, IReadOnlyList<string>? patterns, IReadOnlyList<int>? tokens)
    {
        var tool = ToolCallGrammar.Build(ToolCallFormat.Hermes, TestTools.All, ToolChoice.Required, false);
        return new SamplingOptions
        {
            Seed = seed, Temperature = 1.0f,
            Grammar = tool.Gbnf + "start ::= \".\" root\n", GrammarRoot = "start",
            GrammarTriggerPatterns = patterns, GrammarTriggerTokens = tokens,
        };
    }

    [Theory]
    [InlineData(1u, false)]
    [InlineData(2u, false)]
    [InlineData(3u, true)]
    [InlineData(4u, true)]
    public async Task Generate_LazyGrammar_FreeUntilTriggerThenAValidCall(uint seed, bool byToken)
    {
        // SentencePiece writes a leading "▁" before "." in a text of its own; the "." token is the last one.
        var dot = (await fixture.Engine.TokenizeAsync("a.", addSpecial: false, parseSpecial: false, CancellationToken.None)).TakeLast(1).ToList();
        Assert.Equal(".", await fixture.Engine.DetokenizeAsync(dot, removeSpecial: true, unparseSpecial: false, CancellationToken.None));
        var sampling = byToken ? Lazy(seed, null, [dot[0]]) : Lazy(seed, ["^[\\s\\S]*?(\\.)$"], null);
        var lazy = await GenerationRun.CollectAsync(fixture.Engine, new GenerationRequest { Prompt = "Once upon a time", MaxTokens = 600, Sampling = sampling });

        // The trigger: the first token after which the text ends with "." (pattern) or the "." token itself.
        var text = "";
        int trigger = -1;
        for (int i = 0; i < lazy.Tokens.Count && trigger < 0; i++)
        {
            text += lazy.Tokens[i].Piece;
            if (byToken ? lazy.Tokens[i].Id == dot[0] : text.EndsWith('.')) trigger = i;
        }
        Assert.True(trigger >= 0, "the story model wrote no '.' to trigger on");
        Assert.True(trigger > 0, "the trigger was the first token: nothing was free");

        // Free before the trigger: the same tokens as an unconstrained run of the same seed.
        var free = await GenerationRun.CollectAsync(fixture.Engine, new GenerationRequest
        {
            Prompt = "Once upon a time", MaxTokens = trigger + 1,
            Sampling = new SamplingOptions { Seed = seed, Temperature = 1.0f, IgnoreEos = true },
        });
        Assert.Equal(free.Ids, lazy.Ids.Take(trigger + 1));

        // Constrained after it: one canonical Hermes call, then the end.
        Assert.Equal(FinishReason.Stop, lazy.Final.FinishReason);
        string after = lazy.Text[text.Length..];
        var calls = CanonicalToolCalls.Read(ToolCallFormat.Hermes, after, TestTools.All);
        Assert.Single(calls);
    }

    [Fact]
    public void Validate_BadTriggers_ThrowSamplingOptionException()
    {
        Assert.Throws<SamplingOptionException>(() => new SamplingOptions { GrammarTriggerPatterns = ["x"] }.Validate()); // no grammar
        Assert.Throws<SamplingOptionException>(() => new SamplingOptions { Grammar = "root ::= \"a\"", GrammarTriggerPatterns = ["("] }.Validate());
        Assert.Throws<SamplingOptionException>(() => new SamplingOptions { Grammar = "root ::= \"a\"", GrammarTriggerPatterns = [""] }.Validate());
        Assert.Throws<SamplingOptionException>(() => new SamplingOptions { Grammar = "root ::= \"a\"", GrammarTriggerTokens = [-1] }.Validate());
        new SamplingOptions { Grammar = "root ::= \"a\"", GrammarTriggerPatterns = ["^[\\s\\S]*?(a)$"], GrammarTriggerTokens = [3] }.Validate();
    }

    [Fact]
    public async Task Generate_TriggerTokenOutsideVocabulary_FailsBeforeStreaming()
    {
        var request = new GenerationRequest { Prompt = "Once", MaxTokens = 5, Sampling = Lazy(1, null, [100_000]) };
        await Assert.ThrowsAnyAsync<Exception>(() => GenerationRun.CollectAsync(fixture.Engine, request));
    }
}
