using System.Text.Json;
using Workbench.Engine.Inference;
using Workbench.Engine.Sampling;

namespace Workbench.Web.Components.Widgets.Structured;

/// <summary>
/// Everything one mode's generations share: the rendered prompt (chat template applied to
/// <see cref="StructuredPrompt.Messages"/>) and the grammar, prepared once per run or experiment
/// (<see cref="CreateAsync"/>), so the seeds are the only thing that varies between runs.
/// </summary>
/// <param name="Mode">The mode.</param>
/// <param name="Schema">The schema replies are validated against.</param>
/// <param name="Prompt">The rendered prompt text.</param>
/// <param name="Grammar">The GBNF grammar, or null for the unconstrained modes.</param>
/// <param name="MaxTokens">max_tokens of every generation.</param>
/// <param name="Temperature">Sampling temperature, 0–2.</param>
public sealed record ModeRequest(OutputMode Mode, JsonElement Schema, string Prompt, string? Grammar, int MaxTokens, float Temperature)
{
    /// <summary>Renders the mode's messages with the model's chat template (the configured fallback when the model
    /// has none) and builds its grammar.</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="mode">The mode.</param>
    /// <param name="userPrompt">The user prompt.</param>
    /// <param name="schema">The schema.</param>
    /// <param name="maxTokens">max_tokens, ≥ 1.</param>
    /// <param name="temperature">Temperature, 0–2.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="Engine.Grammar.JsonSchema.JsonSchemaException">Schema-constrained mode and an unsupported schema.</exception>
    public static async Task<ModeRequest> CreateAsync(IInferenceEngine engine, OutputMode mode, string userPrompt, JsonElement schema,
        int maxTokens, float temperature, CancellationToken cancellationToken)
    {
        var grammar = StructuredPrompt.Grammar(mode, schema);
        var rendered = await engine.ApplyChatTemplateAsync(StructuredPrompt.Messages(mode, userPrompt, schema), null, addAssistantPrompt: true, cancellationToken);
        return new(mode, schema, rendered.Text, grammar, maxTokens, temperature);
    }

    /// <summary>Generates one reply with <paramref name="seed"/> and judges it.</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="seed">The sampler seed.</param>
    /// <param name="cancellationToken">Stops the generation.</param>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    /// <exception cref="EngineException">The engine refused the request (prompt too long, bad grammar, rate limit, no model).</exception>
    public async Task<ModeOutcome> RunAsync(IInferenceEngine engine, uint seed, CancellationToken cancellationToken)
    {
        var request = new GenerationRequest
        {
            Prompt = Prompt,
            MaxTokens = MaxTokens,
            Sampling = new SamplingOptions { Temperature = Temperature, Seed = seed, Grammar = Grammar },
        };
        var text = new System.Text.StringBuilder();
        FinishReason? finish = null;
        GenerationUsage? usage = null;
        await foreach (var update in engine.GenerateAsync(request, cancellationToken))
        {
            text.Append(update.Text);
            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }
        cancellationToken.ThrowIfCancellationRequested();
        var reply = text.ToString();
        return new(Mode, seed, reply, finish, usage, OutputVerdict.Judge(Schema, reply));
    }
}
