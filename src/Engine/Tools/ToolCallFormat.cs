namespace Workbench.Engine.Tools;

/// <summary>The text a model family writes when it calls a tool. The engine must parse exactly the format the model
/// was trained on (a mismatch fails silently: the call stays text). The wire shapes, as the models' own chat
/// templates render them (../shared/templates):</summary>
/// <remarks>
/// <list type="table">
/// <item><term><see cref="Hermes"/></term><description><c>&lt;tool_call&gt;\n{"name": "NAME", "arguments": {…}}\n&lt;/tool_call&gt;</c>
/// — Hermes 2/3, Qwen2.5, Qwen3 (vLLM <c>--tool-call-parser hermes</c>).</description></item>
/// <item><term><see cref="Qwen3Coder"/></term><description><c>&lt;tool_call&gt;\n&lt;function=NAME&gt;\n&lt;parameter=KEY&gt;\nVALUE\n&lt;/parameter&gt;\n&lt;/function&gt;\n&lt;/tool_call&gt;</c>,
/// values typed by the schema — Qwen3-Coder (vLLM <c>qwen3_coder</c>).</description></item>
/// <item><term><see cref="Llama31"/></term><description><c>{"name": "NAME", "parameters": {…}}</c> as the whole reply,
/// optionally after <c>&lt;|python_tag|&gt;</c> — Llama 3.1/3.2/3.3 (vLLM <c>llama3_json</c>).</description></item>
/// <item><term><see cref="Mistral"/></term><description><c>[TOOL_CALLS][{"name": "NAME", "arguments": {…}}]</c>
/// (Mistral Nemo and older) or <c>[TOOL_CALLS]NAME[ARGS]{…}</c> (Mistral Small 3.2 and newer) — vLLM
/// <c>mistral</c>.</description></item>
/// </list>
/// </remarks>
public enum ToolCallFormat
{
    /// <summary>Hermes JSON inside <c>&lt;tool_call&gt;</c> tags.</summary>
    Hermes,
    /// <summary>Qwen3-Coder's XML-style calls.</summary>
    Qwen3Coder,
    /// <summary>Llama 3.1 JSON (<c>name</c> + <c>parameters</c>).</summary>
    Llama31,
    /// <summary>Mistral's <c>[TOOL_CALLS]</c> prefix, array or <c>[ARGS]</c> form.</summary>
    Mistral,
}
