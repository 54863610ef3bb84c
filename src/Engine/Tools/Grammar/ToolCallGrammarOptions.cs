using Workbench.Engine.Grammar.JsonSchema;

namespace Workbench.Engine.Tools.Grammar;

/// <summary>Choices <see cref="ToolCallGrammar.Build"/> leaves to the caller; the defaults suit both real models
/// and the embedded story model (every limit keeps a forced call short enough to end inside a 512-token window).</summary>
public sealed record ToolCallGrammarOptions
{
    /// <summary>The defaults.</summary>
    public static ToolCallGrammarOptions Default { get; } = new();

    /// <summary>Mistral's spelling. Default <see cref="MistralCallForm.JsonArray"/>.</summary>
    public MistralCallForm MistralForm { get; init; } = MistralCallForm.JsonArray;

    /// <summary>Most calls in one reply when parallel calls are allowed, 1–16. Default 4.</summary>
    public int MaxParallelCalls { get; init; } = 4;

    /// <summary>Limits on what the tools' schemas leave unbounded (strings, arrays), also used for Qwen3-Coder's
    /// raw string values. Default <see cref="JsonSchemaGrammarOptions.Default"/> (128 characters, 16 items).</summary>
    public JsonSchemaGrammarOptions Schema { get; init; } = JsonSchemaGrammarOptions.Default;

    /// <summary>Checks the ranges above.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of range.</exception>
    public void Validate()
    {
        if (MaxParallelCalls is < 1 or > 16)
            throw new ArgumentOutOfRangeException(nameof(MaxParallelCalls), MaxParallelCalls, "MaxParallelCalls must be between 1 and 16.");
        ArgumentNullException.ThrowIfNull(Schema);
        Schema.Validate();
    }
}
