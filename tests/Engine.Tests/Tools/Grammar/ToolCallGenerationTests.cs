using Workbench.Engine.Grammar.JsonSchema;
using Workbench.Engine.Inference;
using Workbench.Engine.Sampling;
using Workbench.Engine.Tests.Generation;
using Workbench.Engine.Tools;
using Workbench.Engine.Tools.Grammar;
using Xunit;
using Xunit.Abstractions;

namespace Workbench.Engine.Tests.Tools.Grammar;

/// <summary>Forced tool calls on stories260K (a story model that knows nothing of tools: every call comes from the
/// grammar) at temperature 1: each format × {required, named, parallel} × seeds; the output is the canonical text,
/// it ends by itself, and every call's arguments validate against that tool's schema.</summary>
[Collection(ToolGrammarCollection.Name)]
public sealed class ToolCallGenerationTests(ToolGrammarFixture fixture, ITestOutputHelper output)
{
    public static TheoryData<ToolCallFormat, MistralCallForm, string, uint> Cases()
    {
        var data = new TheoryData<ToolCallFormat, MistralCallForm, string, uint>();
        var formats = new[]
        {
            (ToolCallFormat.Hermes, MistralCallForm.JsonArray), (ToolCallFormat.Qwen3Coder, MistralCallForm.JsonArray),
            (ToolCallFormat.Llama31, MistralCallForm.JsonArray), (ToolCallFormat.Mistral, MistralCallForm.JsonArray),
            (ToolCallFormat.Mistral, MistralCallForm.Args),
        };
        foreach (var (format, form) in formats)
            foreach (string mode in (string[])["required", "named", "parallel"])
                foreach (uint seed in (uint[])[1, 2, 3])
                    data.Add(format, form, mode, seed);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Generate_ForcedChoice_CanonicalCallsValidAgainstTheirSchemas(ToolCallFormat format, MistralCallForm form, string mode, uint seed)
    {
        // Named rotates over the tools with the seed so that every schema is forced somewhere.
        var named = TestTools.All[(int)(seed + (uint)format) % TestTools.All.Count];
        var choice = mode == "named" ? ToolChoice.Function(named.Name) : ToolChoice.Required;
        var options = new ToolCallGrammarOptions { MistralForm = form };
        var grammar = ToolCallGrammar.Build(format, TestTools.All, choice, mode == "parallel", options);

        var run = await GenerationRun.CollectAsync(fixture.Engine, new GenerationRequest
        {
            Prompt = "Once upon a time",
            MaxTokens = 900,
            Sampling = grammar.ApplyTo(new SamplingOptions { Seed = seed, Temperature = 1.0f }),
        });

        output.WriteLine(run.Text);
        Assert.Equal(FinishReason.Stop, run.Final.FinishReason); // the grammar ended the reply, the model's EOS followed
        var calls = CanonicalToolCalls.Read(format, run.Text, TestTools.All, form);
        Assert.InRange(calls.Count, 1, mode == "parallel" ? options.MaxParallelCalls : 1);
        foreach (var (name, arguments) in calls)
        {
            if (mode == "named") Assert.Equal(named.Name, name);
            var errors = JsonSchemaValidator.Validate(CanonicalToolCalls.Schema(TestTools.All, name), arguments);
            Assert.True(errors.Count == 0, $"{name} {arguments.GetRawText()}: {string.Join("; ", errors)}");
        }
    }
}
