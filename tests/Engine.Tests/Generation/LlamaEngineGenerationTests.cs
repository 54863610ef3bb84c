using System.Text;
using System.Text.Json;
using Workbench.Engine.Inference;
using Workbench.Engine.Sampling;

namespace Workbench.Engine.Tests.Generation;

public sealed class LlamaEngineGenerationTests(EngineFixture fixture) : IClassFixture<EngineFixture>
{
    private const string Story = "Once upon a time";
    private IInferenceEngine Engine => fixture.Engine;

    private static GenerationRequest Seeded(uint seed, int? maxTokens = 64, string prompt = Story) => new()
    {
        Prompt = prompt,
        MaxTokens = maxTokens,
        Sampling = new SamplingOptions { Seed = seed, Temperature = 0.9f },
    };

    [Fact]
    public async Task GenerateAsync_SameSeed_ReproducesTokens_DifferentSeedDiffers()
    {
        var first = await GenerationRun.CollectAsync(Engine, Seeded(42));
        var second = await GenerationRun.CollectAsync(Engine, Seeded(42));
        var other = await GenerationRun.CollectAsync(Engine, Seeded(4242));

        Assert.NotEmpty(first.Ids);
        Assert.Equal(first.Ids, second.Ids);
        Assert.Equal(first.Text, second.Text);
        Assert.NotEqual(first.Ids, other.Ids);
    }

    [Fact]
    public async Task GenerateAsync_MaxTokens_FinishesWithLengthAfterExactlyThatMany()
    {
        var run = await GenerationRun.CollectAsync(Engine, Seeded(7, maxTokens: 12));

        Assert.Equal(FinishReason.Length, run.Final.FinishReason);
        Assert.Equal(12, run.Tokens.Count);
        Assert.Equal(12, run.Final.Usage!.CompletionTokens);
        Assert.Equal((await Engine.TokenizeAsync(Story, true, true, default)).Count, run.Final.Usage.PromptTokens);
        Assert.True(run.Final.Timings!.TimeToFirstToken > TimeSpan.Zero);
        Assert.True(run.Final.Timings.PromptTokensPerSecond > 0);
        Assert.True(run.Final.Timings.GenerationTokensPerSecond > 0);
    }

    [Fact]
    public async Task GenerateAsync_IgnoreEos_WritesPastTheEndOfTheStoryUntilMaxTokens()
    {
        // Find a seed whose story ends (EOS) early, then run it again with the end-of-generation tokens banned.
        GenerationRun? ended = null;
        uint seed = 0;
        for (seed = 1; seed <= 12 && ended is null; seed++)
        {
            var run = await GenerationRun.CollectAsync(Engine, Seeded(seed, maxTokens: 300));
            if (run.Final.FinishReason == FinishReason.Stop) ended = run;
        }
        Assert.NotNull(ended);
        var request = Seeded(seed - 1, maxTokens: 300);

        var ignoring = await GenerationRun.CollectAsync(Engine, request with { Sampling = request.Sampling with { IgnoreEos = true } });

        Assert.Equal(FinishReason.Length, ignoring.Final.FinishReason);
        Assert.Equal(300, ignoring.Tokens.Count);
        Assert.Equal(ended!.Ids, ignoring.Ids.Take(ended.Ids.Count)); // the same story up to where it ended
    }

    [Fact]
    public async Task GenerateAsync_EndMarkerSpelledOutAsText_StopsBeforeIt()
    {
        // The grammar makes the model spell "<|end_story|>" out of ordinary pieces instead of sampling the EOS token.
        var request = Seeded(3, maxTokens: 40) with
        {
            Sampling = new SamplingOptions { Seed = 3, Grammar = "root ::= \"The end.<|end_story|> Then more\"" },
        };

        var run = await GenerationRun.CollectAsync(Engine, request);

        Assert.Equal(FinishReason.Stop, run.Final.FinishReason);
        Assert.Equal("The end.", run.Text.Trim());
    }

    [Fact]
    public async Task GenerateAsync_StoryEnds_FinishesWithStopOnEndOfStory()
    {
        // TinyStories ends a story with EOS (<|end_story|>, id 2); find a seed whose story ends within 400 tokens.
        GenerationRun? ended = null;
        for (uint seed = 1; seed <= 12 && ended is null; seed++)
        {
            var run = await GenerationRun.CollectAsync(Engine, Seeded(seed, maxTokens: 400));
            if (run.Final.FinishReason == FinishReason.Stop) ended = run;
        }

        Assert.NotNull(ended);
        Assert.True(ended!.Tokens.Count < 400);
        Assert.Equal(ended.Tokens.Count, ended.Final.Usage!.CompletionTokens);
        Assert.DoesNotContain(ended.Ids, id => id == fixture.Model.EosToken); // EOS ends the stream, it is not emitted
    }

    [Fact]
    public async Task GenerateAsync_StopString_CutsBeforeItAndStops()
    {
        var first = await GenerationRun.CollectAsync(Engine, Seeded(11, maxTokens: 80));
        var words = first.Text.Split([' ', '.', ',', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var stop = words.Skip(4).First(w => w.Length >= 3);
        var expected = first.Text[..first.Text.IndexOf(stop, StringComparison.Ordinal)];

        var second = await GenerationRun.CollectAsync(Engine, Seeded(11, maxTokens: 80) with { Stop = [stop] });

        Assert.Equal(FinishReason.Stop, second.Final.FinishReason);
        Assert.Equal(expected, second.Text);
        Assert.DoesNotContain(stop, second.Text);
        Assert.Equal(first.Ids.Take(second.Ids.Count), second.Ids);
    }

    [Fact]
    public async Task GenerateAsync_TopLogprobs_AreLogProbabilitiesSortedDescending()
    {
        var request = Seeded(3, maxTokens: 24) with { TopLogprobs = 5 };
        var run = await GenerationRun.CollectAsync(Engine, request);

        foreach (var token in run.Tokens)
        {
            Assert.InRange(token.Logprob, float.MinValue, 0f);
            Assert.Equal(5, token.TopAlternatives.Count);
            Assert.All(token.TopAlternatives, a => Assert.InRange(a.Logprob, float.MinValue, 0f));
            for (var i = 1; i < token.TopAlternatives.Count; i++)
                Assert.True(token.TopAlternatives[i - 1].Logprob >= token.TopAlternatives[i].Logprob);
            var same = token.TopAlternatives.FirstOrDefault(a => a.Id == token.Id);
            if (same is not null) Assert.Equal(same.Logprob, token.Logprob);
            Assert.True(token.TopAlternatives.Sum(a => Math.Exp(a.Logprob)) <= 1.0 + 1e-5);
        }
    }

    [Fact]
    public async Task GenerateAsync_Greedy_SamplesTheMostProbableToken()
    {
        var request = new GenerationRequest
        {
            Prompt = Story,
            MaxTokens = 16,
            TopLogprobs = 1,
            Sampling = new SamplingOptions { Temperature = 0 },
        };
        var run = await GenerationRun.CollectAsync(Engine, request);

        Assert.All(run.Tokens, t => Assert.Equal(t.TopAlternatives[0].Id, t.Id));
    }

    [Fact]
    public async Task GenerateAsync_MultiByteCharacterSplitAcrossTokens_ComesOutWhole()
    {
        // stories260K has byte-fallback tokens: "→" (E2 86 92) can only come out as three byte tokens.
        await using var engine = new LlamaEngine(EngineFixture.Options(sequences: 1));
        await engine.LoadModelAsync(EngineFixture.ModelPath("stories260K.gguf"), null, default);
        var request = new GenerationRequest
        {
            Prompt = Story,
            MaxTokens = 8,
            Sampling = new SamplingOptions { Seed = 5, Grammar = "root ::= \"→\" [a-z]*" },
        };
        var run = await GenerationRun.CollectAsync(engine, request);

        Assert.StartsWith("→", run.Text);
        Assert.DoesNotContain('\uFFFD', run.Text);
        Assert.Equal([0xE2], run.Tokens[0].Bytes); // the character really was split across tokens...
        Assert.Equal("", run.Updates[0].Text);     // ...and held back until complete
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        Assert.Equal(run.Text, strict.GetString(run.Tokens.SelectMany(t => t.Bytes).ToArray()));
    }

    [Fact]
    public async Task GenerateAsync_JsonGrammar_ProducesParsableJson()
    {
        // TinyStories' vocabulary has no '{' (and no byte fallback); stories260K's has.
        await using var engine = new LlamaEngine(EngineFixture.Options(sequences: 1));
        await engine.LoadModelAsync(EngineFixture.ModelPath("stories260K.gguf"), null, default);
        const string grammar = """
            root   ::= "{" ws "\"name\"" ws ":" ws string ws "," ws "\"age\"" ws ":" ws number ws "}"
            string ::= "\"" [a-zA-Z]{1,12} "\""
            number ::= [1-9] [0-9]?
            ws     ::= " "?
            """;
        var request = new GenerationRequest { Prompt = Story, MaxTokens = 80, Sampling = new SamplingOptions { Seed = 9, Grammar = grammar } };
        var run = await GenerationRun.CollectAsync(engine, request);

        Assert.Equal(FinishReason.Stop, run.Final.FinishReason); // the grammar completed, only EOS was allowed
        using var json = JsonDocument.Parse(run.Text);
        Assert.Equal(JsonValueKind.String, json.RootElement.GetProperty("name").ValueKind);
        Assert.InRange(json.RootElement.GetProperty("age").GetInt32(), 1, 99);
    }

    [Fact]
    public async Task GenerateAsync_GrammarNeedingCharactersTheVocabularyLacks_ThrowsGrammarExceptionWithoutCrashing()
    {
        // TinyStories cannot produce '{': the grammar forbids every token. Accepting one anyway would make
        // llama.cpp throw through its C API and abort the process; the engine reports it instead.
        var request = new GenerationRequest { Prompt = Story, MaxTokens = 5, Sampling = new SamplingOptions { Grammar = "root ::= \"{\"" } };

        await Assert.ThrowsAsync<GrammarException>(() => GenerationRun.CollectAsync(Engine, request));
        var after = await GenerationRun.CollectAsync(Engine, Seeded(1, maxTokens: 3));
        Assert.Equal(3, after.Tokens.Count);
    }

    [Fact]
    public async Task GenerateAsync_InvalidGrammar_ThrowsGrammarExceptionBeforeStreaming()
    {
        var request = Seeded(1) with { Sampling = new SamplingOptions { Grammar = "root ::= \"a\" undefined-rule" } };
        var streamed = 0;

        var error = await Assert.ThrowsAsync<GrammarException>(async () =>
        {
            await foreach (var _ in Engine.GenerateAsync(request, default)) streamed++;
        });

        Assert.Equal(0, streamed);
        Assert.Contains("grammar", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task GenerateAsync_PromptLongerThanWindow_ThrowsPromptTooLong()
    {
        var prompt = string.Concat(Enumerable.Repeat("Once upon a time there was a cat. ", 80));

        var error = await Assert.ThrowsAsync<PromptTooLongException>(() => GenerationRun.CollectAsync(Engine, Seeded(1, prompt: prompt)));

        Assert.Equal(fixture.Model.ContextSize, error.ContextSize);
        Assert.True(error.PromptTokens > error.ContextSize);
    }

    [Fact]
    public async Task GenerateAsync_GenerationReachesWindow_FinishesWithLength()
    {
        // An endless grammar (no end state, so EOS is never allowed) runs into the 512-token window.
        var request = new GenerationRequest
        {
            Prompt = Story,
            Sampling = new SamplingOptions { Seed = 2, Grammar = "root ::= [a-z ] root" },
        };
        var run = await GenerationRun.CollectAsync(Engine, request);
        var promptTokens = run.Final.Usage!.PromptTokens;

        Assert.Equal(FinishReason.Length, run.Final.FinishReason);
        Assert.Equal(fixture.Model.ContextSize - promptTokens + 1, run.Final.Usage.CompletionTokens);
    }
}
