using System.Text;
using Workbench.Engine.Inference;
using Workbench.Engine.Sampling;
using Workbench.Engine.Tests.Serving;
using Workbench.Engine.Tests.TestSupport;
using Xunit;

namespace Workbench.Engine.Tests.Generation;

/// <summary><see cref="GenerationRequest.TraceGrammar"/> in process on stories260K: per sampled token, how many of
/// n_vocab tokens the grammar allowed, and which top alternatives it allowed.</summary>
[Collection(ResponseFormatCollection.Name)]
public sealed class GrammarTraceTests(ResponseFormatServerFixture server)
{
    /// <summary>A small JSON-shaped grammar written by hand: it forces <c>{</c> first.</summary>
    internal const string ObjectGrammar = """
        root ::= "{" ws "\"age\":" ws [1-9] [0-9]? ws "," ws "\"name\":" ws "\"" [a-z]{1,8} "\"" ws "}"
        ws ::= [ ]?
        """;

    internal static GenerationRequest Traced(string grammar, uint seed, bool trace = true) => new()
    {
        Prompt = "Once upon a time",
        MaxTokens = 60,
        TopLogprobs = 10,
        TraceGrammar = trace,
        Sampling = new SamplingOptions { Seed = seed, Temperature = 1.0f, Grammar = grammar },
    };

    internal static async Task<List<GenerationUpdate>> Collect(IAsyncEnumerable<GenerationUpdate> updates)
    {
        var list = new List<GenerationUpdate>();
        await foreach (var update in updates) list.Add(update);
        return list;
    }

    private static List<SampledToken> Tokens(List<GenerationUpdate> updates) => updates.Where(u => u.Token is not null).Select(u => u.Token!).ToList();

    [Theory]
    [InlineData(1u)]
    [InlineData(2u)]
    [InlineData(3u)]
    public async Task GenerateAsync_TraceGrammar_CountsInVocabularyAndSampledTokenAllowed(uint seed)
    {
        var updates = await Collect(server.Engine.GenerateAsync(Traced(ObjectGrammar, seed), CancellationToken.None));

        var tokens = Tokens(updates);
        Assert.NotEmpty(tokens);
        Assert.Equal(FinishReason.Stop, updates[^1].FinishReason);
        Assert.Matches("^\\{ ?\"age\": ?[1-9][0-9]? ?, ?\"name\": ?\"[a-z]{1,8}\" ?\\}$", string.Concat(updates.Select(u => u.Text)));
        foreach (var token in tokens)
        {
            Assert.InRange(token.GrammarAllowed!.Value, 1, server.Model.VocabSize);
            Assert.All(token.TopAlternatives, a => Assert.NotNull(a.Allowed));
            // The sampled token is allowed: whenever it is among the alternatives, it is marked so.
            if (token.TopAlternatives.FirstOrDefault(a => a.Id == token.Id) is { } self) Assert.True(self.Allowed);
            // Fewer allowed alternatives than the grammar allows in all.
            Assert.True(token.TopAlternatives.Count(a => a.Allowed == true) <= token.GrammarAllowed);
        }
    }

    [Fact]
    public async Task GenerateAsync_GrammarForcesBrace_FirstStepDisallowsMostAlternatives()
    {
        var tokens = Tokens(await Collect(server.Engine.GenerateAsync(Traced(ObjectGrammar, 4), CancellationToken.None)));

        var first = tokens[0];
        Assert.StartsWith("{", first.Piece);
        Assert.Contains(first.TopAlternatives, a => a.Allowed == false);
        Assert.True(first.GrammarAllowed < server.Model.VocabSize / 4, $"{first.GrammarAllowed} of {server.Model.VocabSize}");
    }

    [Fact]
    public async Task GenerateAsync_FirstStep_CountEqualsTokensThatArePrefixesOfTheLanguage()
    {
        const string grammar = "root ::= \"yes\" | \"no\"";
        using var vocab = LlamaModel.Load(TestModels.Stories260K, 0, vocabOnly: true, null, CancellationToken.None);
        var expected = Enumerable.Range(0, vocab.VocabSize).Count(id =>
        {
            if (vocab.IsEndOfGeneration(id)) return false;
            var piece = Encoding.UTF8.GetString(vocab.TokenBytes(id));
            return piece.Length > 0 && ("yes".StartsWith(piece, StringComparison.Ordinal) || "no".StartsWith(piece, StringComparison.Ordinal));
        });

        var tokens = Tokens(await Collect(server.Engine.GenerateAsync(Traced(grammar, 1), CancellationToken.None)));

        Assert.Equal(expected, tokens[0].GrammarAllowed);
    }

    [Fact]
    public async Task GenerateAsync_TraceGrammar_DoesNotChangeTheOutput()
    {
        var traced = await Collect(server.Engine.GenerateAsync(Traced(ObjectGrammar, 7), CancellationToken.None));
        var plain = await Collect(server.Engine.GenerateAsync(Traced(ObjectGrammar, 7, trace: false), CancellationToken.None));

        Assert.Equal(Tokens(plain).Select(t => t.Id), Tokens(traced).Select(t => t.Id));
    }

    [Fact]
    public async Task GenerateAsync_NoTraceOrNoGrammar_ReportsNulls()
    {
        var untraced = Tokens(await Collect(server.Engine.GenerateAsync(Traced(ObjectGrammar, 1, trace: false), CancellationToken.None)));
        var noGrammar = Tokens(await Collect(server.Engine.GenerateAsync(
            Traced(ObjectGrammar, 1) with { Sampling = new SamplingOptions { Seed = 1 }, MaxTokens = 8 }, CancellationToken.None)));

        foreach (var token in untraced.Concat(noGrammar))
        {
            Assert.Null(token.GrammarAllowed);
            Assert.All(token.TopAlternatives, a => Assert.Null(a.Allowed));
        }
    }
}
