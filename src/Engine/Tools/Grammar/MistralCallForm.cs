namespace Workbench.Engine.Tools.Grammar;

/// <summary>Which of Mistral's two tool-call spellings a grammar writes (<see cref="ToolCallFormat.Mistral"/>).</summary>
public enum MistralCallForm
{
    /// <summary><c>[TOOL_CALLS][{"name": "NAME", "arguments": {…}}, …]</c>: one JSON array (Mistral 7B v0.3, Nemo,
    /// Small up to 3.1).</summary>
    JsonArray,
    /// <summary><c>[TOOL_CALLS]NAME[ARGS]{…}</c>, repeated per call (Mistral Small 3.2 and newer templates).</summary>
    Args,
}
