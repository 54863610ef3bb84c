namespace Workbench.Engine.Serving.Wire;

/// <summary>One <c>grammar_triggers[]</c> item (llama-server, with <c>grammar_lazy: true</c>): <c>{type: "pattern",
/// value: REGEX}</c> (also <c>pattern_full</c>; an ECMAScript regex over the output so far, the grammar fed from its
/// first capture group), <c>{type: "word", value: TEXT}</c> (the literal text anywhere) or <c>{type: "token", token:
/// ID}</c> (that token id; <c>value</c> may carry the id as text instead).</summary>
internal sealed class GrammarTriggerBody
{
    public string? Type { get; set; }
    public string? Value { get; set; }
    public int? Token { get; set; }
}
