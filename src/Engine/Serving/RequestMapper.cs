using System.Text.Json;
using Workbench.Engine.Inference;
using Workbench.Engine.Requests;
using Workbench.Engine.Sampling;
using Workbench.Engine.Serving.Wire;
using Workbench.Engine.Tools;
using Workbench.Engine.Tools.Grammar;

namespace Workbench.Engine.Serving;

/// <summary>Maps snake_case request bodies onto the shared <see cref="ChatRequest"/> and validates them with
/// <see cref="RequestValidator"/>; every rejection is an <see cref="ApiRequestException"/> naming the field.</summary>
internal static class RequestMapper
{
    /// <summary>Accepts an empty <c>model</c>, the loaded model's id, or its file name without extension.</summary>
    public static void CheckModel(string? requested, ModelInfo model)
    {
        if (string.IsNullOrWhiteSpace(requested)) return;
        if (string.Equals(requested, model.Id, StringComparison.Ordinal)
            || string.Equals(requested, Path.GetFileNameWithoutExtension(model.Id), StringComparison.Ordinal)
            || string.Equals(requested, model.Path, StringComparison.Ordinal))
        {
            return;
        }
        throw new ApiRequestException(
            $"The model '{requested}' is not loaded. The loaded model is '{model.Id}' (GET /v1/models lists it).",
            "model", "model_not_found");
    }

    /// <summary>Validates chat messages alone; <c>developer</c> is read as <c>system</c>, null content as empty.</summary>
    public static IReadOnlyList<PromptMessage> ToPromptMessages(List<ChatMessageBody>? messages) =>
        Validate(new ChatRequest { Messages = ToMessages(messages) }, null).Messages;

    /// <summary>Validates a whole chat body (messages, limits, sampling, tools); the prompt is left empty for the
    /// caller to render from <see cref="ApiGeneration.Messages"/>.</summary>
    /// <param name="body">The request body.</param>
    /// <param name="model">The loaded model (see <see cref="RequestValidator.Validate"/>).</param>
    public static ApiGeneration ToChatGeneration(ChatCompletionRequestBody body, ModelInfo? model = null) =>
        ToApiGeneration(body, Validate(ToRequest(body) with { Messages = ToMessages(body.Messages) }, model), "");

    /// <summary>Builds and validates the engine request for <paramref name="prompt"/>; messages and tools of a chat
    /// body are not read (see <see cref="ToChatGeneration"/>).</summary>
    /// <param name="body">The request body.</param>
    /// <param name="prompt">The prompt text.</param>
    /// <param name="model">The loaded model: with it, <c>max_tokens</c> above its context window (n_ctx) and
    /// <c>logit_bias</c> token ids outside its vocabulary are rejected.</param>
    public static ApiGeneration ToGeneration(GenerationRequestBody body, string prompt, ModelInfo? model = null) =>
        ToApiGeneration(body, Validate(ToRequest(body) with { Tools = null, ToolChoice = null }, model), prompt);

    /// <summary>The shared request for <paramref name="body"/> (no messages): wire shapes read, output constraints
    /// turned into one grammar.</summary>
    public static ChatRequest ToRequest(GenerationRequestBody body)
    {
        var (logprobs, countFromLogprobs) = ReadLogprobs(body.Logprobs);
        var grammar = ResponseFormatMapper.ToGrammar(body);
        var chat = body as ChatCompletionRequestBody;
        return new ChatRequest
        {
            MaxTokens = body.MaxCompletionTokens ?? body.MaxTokens ?? body.NPredict,
            MaxTokensField = body.MaxCompletionTokens is not null ? "max_completion_tokens" : body.MaxTokens is not null ? "max_tokens" : "n_predict",
            Temperature = body.Temperature,
            TopP = body.TopP,
            TopK = body.TopK,
            MinP = body.MinP,
            RepeatPenalty = body.RepeatPenalty,
            RepeatLastN = body.RepeatLastN,
            PresencePenalty = body.PresencePenalty,
            FrequencyPenalty = body.FrequencyPenalty,
            Seed = body.Seed,
            Stop = body.Stop,
            Logprobs = logprobs,
            TopLogprobs = body.TopLogprobs ?? countFromLogprobs,
            Grammar = grammar,
            // A grammar made from a schema starts at root; grammar_root applies to a raw grammar only.
            GrammarRoot = ReferenceEquals(grammar, body.Grammar) ? body.GrammarRoot : null,
            GrammarTrace = body.GrammarTrace == true,
            IgnoreEos = body.IgnoreEos,
            LogitBias = LogitBiasReader.Read(body.LogitBias),
            N = body.N,
            Tools = chat?.Tools?.Select(ToTool).ToList(),
            ToolChoice = chat?.ToolChoice,
            ParallelToolCalls = chat?.ParallelToolCalls,
        };
    }

    /// <summary>Whether logprobs are wanted (only then are they returned), and a legacy integer count.</summary>
    public static (bool Enabled, int Count) ReadLogprobs(JsonElement? value) => value?.ValueKind switch
    {
        null or JsonValueKind.Null or JsonValueKind.Undefined or JsonValueKind.False => (false, 0),
        JsonValueKind.True => (true, 0),
        JsonValueKind.Number when value.Value.TryGetInt32(out var count) && count >= 0 => (true, count),
        _ => throw new ApiRequestException("'logprobs' must be a boolean.", "logprobs", "invalid_value"),
    };

    private static ValidatedRequest Validate(ChatRequest request, ModelInfo? model)
    {
        try
        {
            return RequestValidator.Validate(request, model);
        }
        catch (RequestValidationException e)
        {
            throw new ApiRequestException(e.Message, e.Field, e.Code);
        }
    }

    private static ApiGeneration ToApiGeneration(GenerationRequestBody body, ValidatedRequest validated, string prompt) =>
        new(validated.Generation with { Prompt = prompt, Sampling = WithTriggers(body, validated.Generation.Sampling) },
            validated.Logprobs, body.Stream, body.StreamOptions?.IncludeUsage == true)
        {
            Messages = validated.Messages,
            Tools = validated.Tools,
            ToolChoice = validated.ToolChoice,
            ParallelToolCalls = validated.ParallelToolCalls,
        };

    /// <summary>llama-server's <c>grammar_lazy</c> + <c>grammar_triggers</c> onto <see cref="SamplingOptions"/>
    /// (<see cref="SamplingOptions.GrammarTriggerPatterns"/>, <see cref="SamplingOptions.GrammarTriggerTokens"/>): how
    /// a lazy tool-call grammar reaches the worker. Without <c>grammar_lazy: true</c> the triggers are not read.</summary>
    private static SamplingOptions WithTriggers(GenerationRequestBody body, SamplingOptions sampling)
    {
        if (body.GrammarLazy != true) return sampling;
        if (string.IsNullOrEmpty(sampling.Grammar))
            throw new ApiRequestException("'grammar_lazy' needs a 'grammar'.", "grammar_lazy", "invalid_value");
        if (body.GrammarTriggers is not { Count: > 0 } triggers)
            throw new ApiRequestException("'grammar_lazy' needs at least one entry in 'grammar_triggers'.", "grammar_triggers", "invalid_value");
        var patterns = new List<string>();
        var tokens = new List<int>();
        for (var i = 0; i < triggers.Count; i++)
        {
            var trigger = triggers[i] ?? throw new ApiRequestException($"'grammar_triggers[{i}]' must be an object.", "grammar_triggers", "invalid_value");
            switch (trigger.Type)
            {
                case "pattern" or "pattern_full" when !string.IsNullOrEmpty(trigger.Value):
                    patterns.Add(trigger.Value);
                    break;
                case "word" when !string.IsNullOrEmpty(trigger.Value):
                    patterns.Add(ToolCallTriggers.Pattern(ToolCallTriggers.Anywhere, trigger.Value, ""));
                    break;
                case "token" when trigger.Token is { } id:
                    tokens.Add(id);
                    break;
                case "token" when int.TryParse(trigger.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id):
                    tokens.Add(id);
                    break;
                default:
                    throw new ApiRequestException(
                        $"'grammar_triggers[{i}]' must be {{\"type\": \"pattern\" | \"pattern_full\" | \"word\", \"value\": text}} or {{\"type\": \"token\", \"token\": id}}.",
                        "grammar_triggers", "invalid_value");
            }
        }
        var lazy = sampling with
        {
            GrammarTriggerPatterns = patterns.Count > 0 ? patterns : null,
            GrammarTriggerTokens = tokens.Count > 0 ? tokens : null,
        };
        try
        {
            lazy.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ApiRequestException(e.Message, "grammar_triggers", "invalid_value");
        }
        return lazy;
    }

    /// <summary>The messages as sent; a missing list becomes empty, which the validator rejects.</summary>
    private static List<ChatRequestMessage> ToMessages(List<ChatMessageBody>? messages) =>
        (messages ?? []).Select(m => m is null ? null! : new ChatRequestMessage
        {
            Role = m.Role,
            Content = m.Content,
            ToolCalls = m.ToolCalls?.Select(c => c is null ? null! : new ChatRequestToolCall
            {
                Id = c.Id, Type = c.Type, Name = c.Function?.Name, Arguments = c.Function?.Arguments,
            }).ToList(),
            ToolCallId = m.ToolCallId,
            Name = m.Name,
        }).ToList();

    private static ChatRequestTool ToTool(ToolBody tool) => tool is null ? null! : new ChatRequestTool
    {
        Type = tool.Type,
        HasFunction = tool.Function is not null,
        Name = tool.Function?.Name,
        Description = tool.Function?.Description,
        Parameters = tool.Function?.Parameters,
    };
}

/// <summary>A validated generation request and how to answer it.</summary>
/// <param name="Request">What the engine runs.</param>
/// <param name="Logprobs">Whether the answer carries <c>logprobs</c>.</param>
/// <param name="Stream">Answer as server-sent events.</param>
/// <param name="IncludeUsage">Send a usage chunk before <c>[DONE]</c>.</param>
internal sealed record ApiGeneration(GenerationRequest Request, bool Logprobs, bool Stream, bool IncludeUsage)
{
    /// <summary>The validated chat messages (tool calls and ids carried); empty for a completion.</summary>
    public IReadOnlyList<PromptMessage> Messages { get; init; } = [];

    /// <summary>The validated tools, in request order; empty when none were sent. Rendered into the prompt and
    /// turned into a grammar by the tool-calling stage.</summary>
    public IReadOnlyList<ToolDefinition> Tools { get; init; } = [];

    /// <summary>The validated <c>tool_choice</c> (auto with tools, none without, when not sent).</summary>
    public ToolChoice ToolChoice { get; init; } = ToolChoice.None;

    /// <summary>OpenAI <c>parallel_tool_calls</c> (default true).</summary>
    public bool ParallelToolCalls { get; init; } = true;
}
