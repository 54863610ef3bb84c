using System.Diagnostics;
using Workbench.Engine.Conversation;
using Workbench.Engine.Inference;
using Workbench.Engine.Sampling;
using Workbench.Engine.Tools;
using Workbench.Engine.Tools.Parsing;

namespace Workbench.Web.Components.Widgets.Tools;

/// <summary>
/// One chat completion with tools, done as <c>/v1/chat/completions</c> does it but in the widget, so the raw model
/// text stays visible: render the conversation and tools with the model's template
/// (<see cref="IInferenceEngine.RenderChatAsync"/>), count its tokens against the context window, build the
/// <see cref="ToolCallSession"/> (grammar and parser of the template's format), generate, and parse.
/// </summary>
public static class ToolCompletion
{
    /// <summary>Renders and counts the prompt.</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="messages">The conversation.</param>
    /// <param name="tools">The tools offered.</param>
    /// <param name="maxTokens">The max_tokens asked for, ≥ 1.</param>
    /// <param name="renderTools">Whether the template renders the tools into the prompt (as every server does). False
    /// leaves them out of the prompt, so only the grammar knows them: a small window (stories260K's 512 tokens) holds
    /// no rendered tool, and a story model cannot read one anyway.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <exception cref="EngineException">The template failed, no model is loaded, or the text cannot be tokenized.</exception>
    public static async Task<ToolPromptBudget> MeasureAsync(IInferenceEngine engine, IReadOnlyList<PromptMessage> messages,
        IReadOnlyList<ToolDefinition> tools, int maxTokens, bool renderTools, CancellationToken cancellationToken)
    {
        var rendered = await engine.RenderChatAsync(new ChatRenderRequest { Messages = messages, Tools = renderTools ? tools : [] }, cancellationToken);
        var tokens = await engine.TokenizeAsync(rendered.Text, addSpecial: true, parseSpecial: true, cancellationToken);
        var context = engine.Model?.ContextSize ?? 0;
        return new ToolPromptBudget(rendered, tokens.Count, context, maxTokens);
    }

    /// <summary>Generates one reply to a measured prompt and parses its calls.</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="budget">The prompt and its budget (<see cref="ToolPromptBudget.Fits"/> must be true).</param>
    /// <param name="tools">The tools offered.</param>
    /// <param name="choice">tool_choice.</param>
    /// <param name="parallel">parallel_tool_calls.</param>
    /// <param name="temperature">Sampling temperature, 0–2.</param>
    /// <param name="seed">The sampler seed.</param>
    /// <param name="cancellationToken">Stops the generation.</param>
    /// <exception cref="Engine.Grammar.JsonSchema.JsonSchemaException">A tool's parameters use an unsupported keyword.</exception>
    /// <exception cref="ArgumentException">A tool name is invalid or repeated, or the named tool is not offered.</exception>
    /// <exception cref="EngineException">The engine refused the request.</exception>
    public static async Task<ToolCompletionResult> RunAsync(IInferenceEngine engine, ToolPromptBudget budget, IReadOnlyList<ToolDefinition> tools,
        ToolChoice choice, bool parallel, float temperature, uint seed, CancellationToken cancellationToken)
    {
        var session = ToolCallSession.Create(tools, choice, parallel, budget.Rendered.ToolCallFormat);
        var request = new GenerationRequest
        {
            Prompt = budget.Rendered.Text,
            MaxTokens = budget.EffectiveMaxTokens,
            Sampling = session.ApplyTo(new SamplingOptions { Temperature = temperature, Seed = seed }),
        };
        var clock = Stopwatch.StartNew();
        FinishReason finish = FinishReason.Stop;
        GenerationUsage? usage = null;
        await foreach (var update in engine.GenerateAsync(request, cancellationToken))
        {
            session.Push(update.Text);
            if (update.FinishReason is { } reason) finish = reason;
            usage ??= update.Usage;
        }
        session.Complete();
        clock.Stop();
        return new ToolCompletionResult(session.Format, session.Grammar.IsLazy, session.Grammar.Gbnf is not null, session.RawText,
            session.Content, session.ToolCalls.ToList(), session.Diagnostics.ToList(), session.FinishReason(finish), usage, clock.Elapsed.TotalMilliseconds);
    }
}
