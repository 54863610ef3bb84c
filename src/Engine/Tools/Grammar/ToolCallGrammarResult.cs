using Workbench.Engine.Sampling;

namespace Workbench.Engine.Tools.Grammar;

/// <summary>What <see cref="ToolCallGrammar.Build"/> made: the GBNF that constrains the reply to tool calls in one
/// format, and, for <c>tool_choice: auto</c>, the triggers that start it (a lazy grammar).</summary>
/// <param name="Gbnf">GBNF text with root rule <see cref="Root"/>, or null when nothing is constrained
/// (<c>tool_choice: none</c>, or <c>auto</c> without tools).</param>
/// <param name="IsLazy">True for <c>auto</c>: the output is free until a trigger fires, then the grammar writes the
/// call(s) to the end of the reply. False for forced choices: the grammar starts at the first token.</param>
/// <param name="TriggerPatterns">For a lazy grammar, llama.cpp trigger patterns (ECMAScript regexes of the form
/// <c>^…(MARKER…)$</c> over the whole output so far; the grammar is fed from the first capture group, which is the
/// format's opening marker, optionally followed by the start of the canonical call text after it). Empty otherwise.</param>
/// <param name="TriggerWords">For a lazy grammar, the opening markers as text (<c>&lt;tool_call&gt;</c>,
/// <c>[TOOL_CALLS]</c>, <c>&lt;|python_tag|&gt;</c>): where a model's vocabulary has one of them as a single
/// (special) token, pass its id as <see cref="SamplingOptions.GrammarTriggerTokens"/> too, as llama-server does.
/// Empty otherwise.</param>
public sealed record ToolCallGrammarResult(string? Gbnf, bool IsLazy, IReadOnlyList<string> TriggerPatterns, IReadOnlyList<string> TriggerWords)
{
    /// <summary>The grammar's start rule: <c>root</c>.</summary>
    public string Root => "root";

    /// <summary>No grammar: the reply is unconstrained.</summary>
    public static ToolCallGrammarResult None { get; } = new(null, false, [], []);

    /// <summary><paramref name="sampling"/> with this grammar (and its trigger patterns when lazy) set; unchanged
    /// when there is no grammar. Trigger tokens are left as they are (see <see cref="TriggerWords"/>).</summary>
    /// <exception cref="InvalidOperationException"><paramref name="sampling"/> already has a grammar (a
    /// <c>response_format</c> and forced tools cannot both constrain one reply).</exception>
    public SamplingOptions ApplyTo(SamplingOptions sampling)
    {
        ArgumentNullException.ThrowIfNull(sampling);
        if (Gbnf is null) return sampling;
        if (!string.IsNullOrEmpty(sampling.Grammar))
            throw new InvalidOperationException("The sampling options already have a grammar; a tool-call grammar cannot be added to it.");
        return sampling with { Grammar = Gbnf, GrammarRoot = Root, GrammarTriggerPatterns = IsLazy ? TriggerPatterns : null };
    }
}
