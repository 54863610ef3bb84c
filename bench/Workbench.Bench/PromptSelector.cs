using System.Text;
using Workbench.Engine.Inference;

namespace Workbench.Bench;

/// <summary>Picks the prompts: a short chat prompt whose greedy reply is at least <c>--tokens</c> long (so every part
/// generates the same number of tokens; a story model often stops early), and a long prompt for prompt throughput.</summary>
internal static class PromptSelector
{
    public const string SystemMessage = "You are a storyteller.";

    private static readonly string[] Candidates =
    [
        "Write a story about a brave knight.",
        "Tell me a story.",
        "Write a long story about a little girl named Lily who finds a big red ball in the park.",
        "Tell me a long story about a dog and a cat who become friends.",
        "Once upon a time, there was a little boy named Tim.",
        "Write a story about a dragon who wanted to fly to the moon.",
        "Tell me a story about a robot who learns to cook.",
        "Explain how a bicycle works, step by step, in detail.",
        "Write a poem about the sea.",
    ];

    private const string StoryText =
        "Once upon a time, there was a little girl named Lily. She loved to play in the park with her dog, Max. " +
        "One day, they found a big red ball under a tree. Lily kicked the ball and Max ran after it. " +
        "They played all day until the sun went down, and then they walked home, happy and tired. ";

    public static async Task<BenchPrompt> RenderAsync(IInferenceEngine engine, string user, CancellationToken cancellationToken)
    {
        PromptMessage[] messages = [new("system", SystemMessage), new("user", user)];
        var rendered = await engine.ApplyChatTemplateAsync(messages, null, addAssistantPrompt: true, cancellationToken);
        var ids = await engine.TokenizeAsync(rendered.Text, addSpecial: true, parseSpecial: true, cancellationToken);
        return new BenchPrompt(SystemMessage, user, rendered.Text, ids);
    }

    /// <summary>The first candidate whose greedy reply reaches <paramref name="tokens"/>, else the longest one.</summary>
    public static async Task<(BenchPrompt Prompt, int GreedyLength)> SelectGenerationPromptAsync(IInferenceEngine engine, int tokens, CancellationToken cancellationToken)
    {
        var target = new InProcessTarget(engine);
        (BenchPrompt Prompt, int Length) best = (null!, -1);
        foreach (string user in Candidates)
        {
            var prompt = await RenderAsync(engine, user, cancellationToken);
            var run = await target.RunAsync(prompt, tokens, cancellationToken);
            if (run.CompletionTokens >= tokens) return (prompt, run.CompletionTokens);
            if (run.CompletionTokens > best.Length) best = (prompt, run.CompletionTokens);
        }
        return best;
    }

    /// <summary>A story-text user message whose rendered prompt has about <paramref name="targetTokens"/> tokens.</summary>
    public static async Task<BenchPrompt> BuildLongPromptAsync(IInferenceEngine engine, int targetTokens, CancellationToken cancellationToken)
    {
        var user = new StringBuilder("Continue this story: ");
        var words = StoryText.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        BenchPrompt prompt = await RenderAsync(engine, user.ToString(), cancellationToken);
        for (int i = 0; prompt.TokenIds.Count < targetTokens; i++)
        {
            // Add a sentence's worth of words at a time, then trim back to the target.
            for (int w = 0; w < 8; w++) user.Append(words[(i * 8 + w) % words.Length]).Append(' ');
            prompt = await RenderAsync(engine, user.ToString().TrimEnd(), cancellationToken);
        }
        return prompt;
    }
}
