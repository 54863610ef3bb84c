using Workbench.Engine.Grammar.JsonSchema;
using Workbench.Engine.Inference;
using Workbench.Engine.Sampling;
using Workbench.Engine.Tests.Generation;

namespace Workbench.Engine.Tests.Grammar.JsonSchema;

/// <summary>Schema-constrained decoding on the real model: every seeded output of every suite schema validates.</summary>
public sealed class JsonSchemaGenerationTests(StoriesEngineFixture fixture) : IClassFixture<StoriesEngineFixture>
{
    private const string Prompt = "Write the answer as JSON.\nOnce upon a time, there was a little town by the sea.";
    private static readonly uint[] Seeds = [1, 2, 3, 4];

    // A free-form object may take up to MaxItems members with names of up to MaxStringLength characters: more than a
    // story model's 512-token window holds, so those schemas run with tighter (still documented) limits.
    private static readonly Dictionary<string, JsonSchemaGrammarOptions> Limits = new()
    {
        ["additional-schema"] = new JsonSchemaGrammarOptions { MaxStringLength = 24, MaxItems = 4 },
    };

    [Theory]
    [MemberData(nameof(SchemaSuite.Names), MemberType = typeof(SchemaSuite))]
    public async Task GenerateAsync_SchemaGrammar_EveryOutputValidates(string name)
    {
        var schema = SchemaSuite.Get(name);
        string grammar = JsonSchemaGrammar.ToGbnf(schema, Limits.GetValueOrDefault(name));

        var runs = await Task.WhenAll(Seeds.Select(seed => GenerationRun.CollectAsync(fixture.Engine, new GenerationRequest
        {
            Prompt = Prompt,
            MaxTokens = 400,
            Sampling = new SamplingOptions { Seed = seed, Temperature = 1.0f, Grammar = grammar },
        })));

        foreach (var (run, seed) in runs.Zip(Seeds))
        {
            Assert.True(run.Final.FinishReason == FinishReason.Stop, $"seed {seed}: finished with {run.Final.FinishReason}: {run.Text}");
            var errors = JsonSchemaValidator.Validate(schema, run.Text);
            Assert.True(errors.Count == 0, $"seed {seed}: {run.Text}\n{string.Join("\n", errors.Select(e => e.Message))}");
        }
    }

    [Fact]
    public async Task GenerateAsync_JsonObjectGrammar_WritesAnObjectOrItsPrefix()
    {
        var runs = await Task.WhenAll(Seeds.Select(seed => GenerationRun.CollectAsync(fixture.Engine, new GenerationRequest
        {
            Prompt = Prompt,
            MaxTokens = 400,
            Sampling = new SamplingOptions { Seed = seed, Temperature = 1.0f, Grammar = JsonSchemaGrammar.JsonObjectGbnf },
        })));

        foreach (var run in runs)
        {
            Assert.StartsWith("{", run.Text, StringComparison.Ordinal);
            if (run.Final.FinishReason == FinishReason.Stop)
                Assert.Empty(JsonSchemaValidator.Validate(SchemaSuite.Parse("""{"type":"object"}"""), run.Text));
            else
                AssertJsonPrefix(run.Text); // cut off by max_tokens: still the start of a valid document
        }
    }

    private static void AssertJsonPrefix(string text)
    {
        var reader = new System.Text.Json.Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(text), isFinalBlock: false, state: default);
        while (reader.Read())
        {
        }
        Assert.True(reader.BytesConsumed > 0);
    }
}
