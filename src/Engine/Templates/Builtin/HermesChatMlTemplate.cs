using Workbench.Engine.Tools;

namespace Workbench.Engine.Templates.Builtin;

/// <summary>The workbench's own chat template for models that carry none: ChatML turns
/// (<c>&lt;|im_start|&gt;ROLE\n…&lt;|im_end|&gt;\n</c>) with tools in the Hermes format
/// (<see cref="ToolCallFormat.Hermes"/>). The engine renders it when a model without <c>tokenizer.chat_template</c>
/// is given tools or tool calls (llama.cpp's built-in templates render neither), and under the name
/// <see cref="Name"/> when a request asks for it; the lab's own trained model will use this layout.</summary>
/// <remarks>
/// <para>The layout is modelled on Qwen2.5's template (../shared/templates/qwen2.5-instruct.jinja), with our own
/// wording:</para>
/// <list type="bullet">
/// <item>With tools: one system turn holding the first <c>system</c> message (or <see cref="DefaultSystemPrompt"/>),
/// then a <c># Tools</c> section that lists each tool as one line of OpenAI tool JSON (<c>tool | tojson</c>,
/// Python's <c>json.dumps</c> spacing) inside <c>&lt;tools&gt;&lt;/tools&gt;</c>, and says how to call one.
/// Without tools, a <c>system</c> message is an ordinary ChatML turn and nothing is added, so a plain chat renders
/// exactly as llama.cpp's <c>chatml</c> built-in.</item>
/// <item>An assistant turn with calls: its text (if any), then per call
/// <c>&lt;tool_call&gt;\n{"name": NAME, "arguments": ARGS}\n&lt;/tool_call&gt;</c> (NAME and ARGS as JSON), calls
/// separated by a newline.</item>
/// <item>Tool results: consecutive <c>tool</c> messages form one <c>user</c> turn, each result inside
/// <c>&lt;tool_response&gt;\n…\n&lt;/tool_response&gt;</c> (as Qwen2.5 does).</item>
/// <item><c>add_generation_prompt</c> appends <c>&lt;|im_start|&gt;assistant\n</c>.</item>
/// </list>
/// <para>It reads <c>messages</c>, <c>tools</c> and <c>add_generation_prompt</c> only (no BOS/EOS text, no
/// clock). <see cref="Tools.Parsing.ToolCallFormatDetector"/> detects it as Hermes.</para>
/// </remarks>
public static class HermesChatMlTemplate
{
    /// <summary>Its name in <see cref="Inference.RenderedPrompt.TemplateName"/> and as a request's
    /// <c>chat_template</c>: <c>chatml-hermes</c>.</summary>
    public const string Name = "chatml-hermes";

    /// <summary>The system text of a conversation with tools but without a system message.</summary>
    public const string DefaultSystemPrompt = "You are a helpful assistant.";

    /// <summary>The tool-call format it renders: <see cref="ToolCallFormat.Hermes"/>.</summary>
    public const ToolCallFormat Format = ToolCallFormat.Hermes;

    /// <summary>The Jinja source (rendered with <see cref="HfChatTemplate"/>).</summary>
    public const string Source = """
        {%- if tools %}
            {{- '<|im_start|>system\n' }}
            {%- if messages and messages[0].role == 'system' %}
                {{- messages[0].content }}
            {%- else %}
                {{- 'You are a helpful assistant.' }}
            {%- endif %}
            {{- '\n\n# Tools\n\nYou can call functions to answer the user. Each function is described by one JSON object per line inside <tools></tools>:\n<tools>' }}
            {%- for tool in tools %}
                {{- '\n' }}
                {{- tool | tojson }}
            {%- endfor %}
            {{- '\n</tools>\n\nTo call a function, write its name and a JSON object of arguments inside <tool_call></tool_call> tags, one call per block:\n<tool_call>\n{"name": <function-name>, "arguments": <arguments-object>}\n</tool_call>\nThe results come back inside <tool_response></tool_response> tags.<|im_end|>\n' }}
        {%- endif %}
        {%- for message in messages %}
            {%- if message.role == 'system' and loop.first and tools %}
            {%- elif message.role == 'assistant' and message.tool_calls %}
                {{- '<|im_start|>assistant\n' }}
                {%- if message.content %}
                    {{- message.content + '\n' }}
                {%- endif %}
                {%- for call in message.tool_calls %}
                    {%- if call.function is defined %}
                        {%- set call = call.function %}
                    {%- endif %}
                    {%- if not loop.first %}
                        {{- '\n' }}
                    {%- endif %}
                    {{- '<tool_call>\n{"name": ' + (call.name | tojson) + ', "arguments": ' + (call.arguments | tojson) + '}\n</tool_call>' }}
                {%- endfor %}
                {{- '<|im_end|>\n' }}
            {%- elif message.role == 'tool' %}
                {%- if loop.first or messages[loop.index0 - 1].role != 'tool' %}
                    {{- '<|im_start|>user' }}
                {%- endif %}
                {{- '\n<tool_response>\n' + message.content + '\n</tool_response>' }}
                {%- if loop.last or messages[loop.index0 + 1].role != 'tool' %}
                    {{- '<|im_end|>\n' }}
                {%- endif %}
            {%- else %}
                {{- '<|im_start|>' + message.role + '\n' + message.content + '<|im_end|>\n' }}
            {%- endif %}
        {%- endfor %}
        {%- if add_generation_prompt %}
            {{- '<|im_start|>assistant\n' }}
        {%- endif %}
        """;
}
