using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workbench.Engine.Serving.Wire;

/// <summary>Fields shared by <c>/v1/chat/completions</c> and <c>/v1/completions</c>: OpenAI's names plus
/// llama-server's extensions (top_k, min_p, repeat_penalty, repeat_last_n, grammar, json_schema, n_predict) and this
/// server's grammar_trace. <c>response_format</c> is accepted on both, as llama-server does.
/// Unknown fields are ignored.</summary>
internal abstract class GenerationRequestBody
{
    public string? Model { get; set; }
    public bool Stream { get; set; }
    public StreamOptionsBody? StreamOptions { get; set; }
    public int? MaxTokens { get; set; }
    public int? MaxCompletionTokens { get; set; }
    /// <summary>llama-server's name for max_tokens.</summary>
    public int? NPredict { get; set; }
    public float? Temperature { get; set; }
    public float? TopP { get; set; }
    public int? TopK { get; set; }
    public float? MinP { get; set; }
    public float? RepeatPenalty { get; set; }
    public int? RepeatLastN { get; set; }
    public float? PresencePenalty { get; set; }
    public float? FrequencyPenalty { get; set; }
    /// <summary>0–4294967295; −1 or null = random (llama-server's convention).</summary>
    public long? Seed { get; set; }
    [JsonConverter(typeof(StringOrArrayConverter))]
    public List<string>? Stop { get; set; }
    /// <summary>Chat: a boolean. Legacy completions: an integer count of alternatives (also accepted).</summary>
    public JsonElement? Logprobs { get; set; }
    public int? TopLogprobs { get; set; }
    public string? Grammar { get; set; }
    /// <summary>Extension (llama-server): ban end-of-generation tokens.</summary>
    public bool? IgnoreEos { get; set; }
    /// <summary>Extension: the grammar's start rule (default root).</summary>
    public string? GrammarRoot { get; set; }
    public int? N { get; set; }
    /// <summary>OpenAI <c>logit_bias</c>: an object mapping token ids (as strings) to a bias from −100 to 100
    /// added to the token's logit before sampling; read by <c>LogitBiasReader</c>.</summary>
    public JsonElement? LogitBias { get; set; }
    /// <summary>OpenAI <c>response_format</c>: <c>{"type":"text"}</c>, <c>{"type":"json_object"}</c> or
    /// <c>{"type":"json_schema","json_schema":{...}}</c>; turned into a GBNF grammar.</summary>
    public ResponseFormatBody? ResponseFormat { get; set; }
    /// <summary>Extension (llama-server): a JSON Schema constraining the output, as <c>response_format</c>'s
    /// <c>json_schema.schema</c> does.</summary>
    public JsonElement? JsonSchema { get; set; }
    /// <summary>Extension (this server): with a grammar and <c>logprobs</c>, report the grammar step view in each
    /// <c>logprobs.content[]</c> item (<c>grammar_allowed</c>: tokens the grammar allowed of n_vocab) and each
    /// <c>top_logprobs[]</c> item (<c>allowed</c>). Ignored without a grammar.</summary>
    public bool? GrammarTrace { get; set; }
    /// <summary>Extension (llama-server): the grammar is lazy, free text until one of <see cref="GrammarTriggers"/>
    /// fires (how tool_choice auto reaches the worker). Needs <c>grammar</c> and at least one trigger.</summary>
    public bool? GrammarLazy { get; set; }
    /// <summary>Extension (llama-server): the triggers of a lazy grammar; read only with <c>grammar_lazy: true</c>.</summary>
    public List<GrammarTriggerBody>? GrammarTriggers { get; set; }
}

/// <summary>OpenAI <c>stream_options</c>.</summary>
internal sealed class StreamOptionsBody
{
    public bool IncludeUsage { get; set; }
}

/// <summary>Body of <c>POST /v1/chat/completions</c>.</summary>
internal sealed class ChatCompletionRequestBody : GenerationRequestBody
{
    public List<ChatMessageBody>? Messages { get; set; }
    /// <summary>llama-server extension: a built-in llama.cpp template name.</summary>
    public string? ChatTemplate { get; set; }
    /// <summary>OpenAI <c>tools</c>: the functions the model may call.</summary>
    public List<ToolBody>? Tools { get; set; }
    /// <summary>OpenAI <c>tool_choice</c>: <c>"auto"</c>, <c>"none"</c>, <c>"required"</c> or
    /// <c>{"type":"function","function":{"name":...}}</c>; read by <c>RequestValidator</c>.</summary>
    public JsonElement? ToolChoice { get; set; }
    /// <summary>OpenAI <c>parallel_tool_calls</c>; default true.</summary>
    public bool? ParallelToolCalls { get; set; }
    /// <summary>llama-server extension: extra chat-template variables (e.g. <c>enable_thinking</c>).</summary>
    public Dictionary<string, JsonElement>? ChatTemplateKwargs { get; set; }
}

/// <summary>Body of <c>POST /v1/completions</c>.</summary>
internal sealed class CompletionRequestBody : GenerationRequestBody
{
    public string? Prompt { get; set; }
}

/// <summary>One <c>messages[]</c> item; content is a string or an array of text parts (null on an assistant
/// message that only calls tools).</summary>
internal sealed class ChatMessageBody
{
    public string? Role { get; set; }
    [JsonConverter(typeof(MessageContentConverter))]
    public string? Content { get; set; }
    /// <summary>An assistant message's calls.</summary>
    public List<ToolCallBody>? ToolCalls { get; set; }
    /// <summary>A tool message's answered call id.</summary>
    public string? ToolCallId { get; set; }
    /// <summary>A tool message's function name (optional).</summary>
    public string? Name { get; set; }
}
