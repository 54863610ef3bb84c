using System.Text.Json;
using System.Text.Json.Serialization;
using Workbench.Engine.Inference;

namespace Workbench.Engine.Serving.Wire;

/// <summary><c>GET /v1/models</c>.</summary>
internal sealed class ModelListBody
{
    public string Object { get; init; } = "list";
    public required List<ModelEntryBody> Data { get; init; }
}

/// <summary>An OpenAI model object with llama-server's <c>meta</c>.</summary>
internal sealed class ModelEntryBody
{
    public required string Id { get; init; }
    public string Object { get; init; } = "model";
    public long Created { get; init; }
    public string OwnedBy { get; init; } = "workbench";
    public ModelMetaBody? Meta { get; init; }
}

/// <summary>llama-server's <c>meta</c> of a model entry.</summary>
internal sealed class ModelMetaBody
{
    public int NVocab { get; init; }
    public int NCtxTrain { get; init; }
    public int NEmbd { get; init; }
    public long NParams { get; init; }
    public long Size { get; init; }
}

/// <summary><c>POST /tokenize</c> body. Defaults as llama-server: add_special false, parse_special true.</summary>
internal sealed class TokenizeRequestBody
{
    public string? Content { get; set; }
    public bool AddSpecial { get; set; }
    public bool ParseSpecial { get; set; } = true;
    public bool WithPieces { get; set; }
}

/// <summary><c>POST /tokenize</c> answer without pieces.</summary>
internal sealed class TokenizeResponseBody
{
    public required IReadOnlyList<int> Tokens { get; init; }
}

/// <summary><c>POST /tokenize</c> answer with pieces.</summary>
internal sealed class TokenizeWithPiecesResponseBody
{
    public required List<TokenPieceBody> Tokens { get; init; }
}

/// <summary>A token id and its text piece.</summary>
internal sealed class TokenPieceBody
{
    public int Id { get; init; }
    public required string Piece { get; init; }
}

/// <summary><c>POST /detokenize</c> body. Extensions: remove_special (default false), unparse_special (default true).</summary>
internal sealed class DetokenizeRequestBody
{
    public List<int>? Tokens { get; set; }
    public bool RemoveSpecial { get; set; }
    public bool UnparseSpecial { get; set; } = true;
}

/// <summary><c>POST /detokenize</c> answer.</summary>
internal sealed class DetokenizeResponseBody
{
    public required string Content { get; init; }
}

/// <summary><c>POST /apply-template</c> body (llama-server's endpoint, with tools and the Hugging Face template
/// variables).</summary>
internal sealed class ApplyTemplateRequestBody
{
    /// <summary>OpenAI messages, with <c>tool_calls</c> / <c>tool_call_id</c> / <c>name</c>.</summary>
    public List<ChatMessageBody>? Messages { get; set; }
    /// <summary>OpenAI tools (the template's <c>tools</c>).</summary>
    public List<ToolBody>? Tools { get; set; }
    /// <summary>A llama.cpp built-in name, or a Jinja template source (it contains <c>{%</c> or <c>{{</c>);
    /// absent = the model's own.</summary>
    public string? ChatTemplate { get; set; }
    /// <summary>Default true.</summary>
    public bool AddGenerationPrompt { get; set; } = true;
    /// <summary>Extra template variables (llama-server's <c>chat_template_kwargs</c>), a JSON object.</summary>
    public Dictionary<string, JsonElement>? ChatTemplateKwargs { get; set; }
    /// <summary>Overrides the template's <c>bos_token</c> text.</summary>
    public string? BosToken { get; set; }
    /// <summary>Overrides the template's <c>eos_token</c> text.</summary>
    public string? EosToken { get; set; }
    /// <summary>The ISO 8601 time <c>strftime_now</c> formats (no offset = UTC); absent = the clock.</summary>
    public string? Now { get; set; }
    /// <summary>Workbench extension, default true. False: render roles and contents only (tool calls, ids and names
    /// validated, then left out), as <c>IInferenceEngine.ApplyChatTemplateAsync</c> renders; tools, kwargs, token overrides and
    /// <c>now</c> are then not read.</summary>
    public bool RenderToolCalls { get; set; } = true;
}

/// <summary><c>POST /apply-template</c> answer.</summary>
internal sealed class ApplyTemplateResponseBody
{
    public required string Prompt { get; init; }
    /// <summary>Which template rendered it: <c>model</c>, <c>request</c>, <c>chatml-hermes</c> or a built-in name.</summary>
    public required string Template { get; init; }
    /// <summary>The tool-call format the template renders (vLLM parser name: <c>hermes</c>, <c>qwen3_coder</c>,
    /// <c>llama3_json</c>, <c>mistral</c>); absent when none.</summary>
    public string? ToolCallFormat { get; init; }
}

/// <summary><c>GET /health</c>: status ok | loading | no_model, and the engine's own status.</summary>
internal sealed class HealthBody
{
    public required string Status { get; init; }
    /// <summary>empty | loading | ready | failed (the engine's <see cref="EngineStatus"/>).</summary>
    public string? Engine { get; init; }
    /// <summary>Generation requests running now (llama-server's old <c>/health</c> field); <see cref="GenerationActivity"/>.</summary>
    public int? SlotsProcessing { get; init; }
    /// <summary>Tokens sampled since the worker started (llama-server's <c>/metrics</c> <c>tokens_predicted_total</c>).</summary>
    public long? TokensPredictedTotal { get; init; }
    /// <summary>Requests ended with finish_reason cancelled since the worker started (this server's extension).</summary>
    public long? RequestsCancelledTotal { get; init; }
}

/// <summary><c>GET /props</c>.</summary>
internal sealed class PropsBody
{
    public ModelInfo? Model { get; init; }
    public string? ModelPath { get; init; }
    [JsonPropertyName("n_ctx")]
    public int NCtx { get; init; }
    public int TotalSlots { get; init; }
    public string? ChatTemplate { get; init; }
    /// <summary>The template's <c>bos_token</c> text (llama-server's <c>/props</c> field).</summary>
    public string? BosToken { get; init; }
    /// <summary>The template's <c>eos_token</c> text.</summary>
    public string? EosToken { get; init; }
    /// <summary>The tool-call format prompts with tools are rendered in (vLLM parser name), as
    /// <see cref="ModelInfo.ToolCallFormat"/>.</summary>
    public string? ToolCallFormat { get; init; }
    public required string DefaultChatTemplate { get; init; }
    public required string Engine { get; init; }
    public required DefaultGenerationSettingsBody DefaultGenerationSettings { get; init; }
}

/// <summary>llama-server's <c>default_generation_settings</c>.</summary>
internal sealed class DefaultGenerationSettingsBody
{
    [JsonPropertyName("n_ctx")]
    public int NCtx { get; init; }
    public required SamplingParamsBody Params { get; init; }
}

/// <summary>Default sampling parameters by their API names.</summary>
internal sealed class SamplingParamsBody
{
    public float Temperature { get; init; }
    public int TopK { get; init; }
    public float TopP { get; init; }
    public float MinP { get; init; }
    public float RepeatPenalty { get; init; }
    public int RepeatLastN { get; init; }
    public float PresencePenalty { get; init; }
    public float FrequencyPenalty { get; init; }
}

/// <summary><c>POST /models/load</c> body.</summary>
internal sealed class LoadModelRequestBody
{
    public string? Path { get; set; }
}

/// <summary>One <c>/models/load</c> event: progress, then the model or an error.</summary>
internal sealed class LoadEventBody
{
    public float? Progress { get; init; }
    public ModelInfo? Model { get; init; }
    public ErrorBody? Error { get; init; }
}
