using System.Text.Json;
using Workbench.Engine.Inference;
using Workbench.Engine.Sampling;
using Workbench.Engine.Serving.Wire;

namespace Workbench.Engine.Serving;

/// <summary>Validates request bodies and turns them into engine calls; every rejection is an
/// <see cref="ApiRequestException"/> naming the field.</summary>
internal static class RequestMapper
{
    /// <summary>Most stop strings accepted (OpenAI's limit).</summary>
    public const int MaxStopStrings = 4;
    /// <summary>Most alternatives per token (OpenAI's limit).</summary>
    public const int MaxTopLogprobs = 20;

    private static readonly HashSet<string> Roles = ["system", "developer", "user", "assistant", "tool"];

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

    /// <summary>Validates chat messages; <c>developer</c> is read as <c>system</c>, null content as empty.</summary>
    public static IReadOnlyList<PromptMessage> ToPromptMessages(List<ChatMessageBody>? messages)
    {
        if (messages is null || messages.Count == 0)
            throw new ApiRequestException("'messages' must be a non-empty array of {role, content} objects.", "messages", "invalid_value");
        var result = new List<PromptMessage>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            var role = messages[i]?.Role;
            if (role is null || !Roles.Contains(role))
            {
                throw new ApiRequestException(
                    $"'messages[{i}].role' must be one of system, developer, user, assistant, tool; got '{role}'.",
                    $"messages[{i}].role", "invalid_value");
            }
            result.Add(new PromptMessage(role == "developer" ? "system" : role, messages[i].Content ?? ""));
        }
        return result;
    }

    /// <summary>Builds and validates the engine request for <paramref name="prompt"/>.</summary>
    /// <param name="body">The request body.</param>
    /// <param name="prompt">The prompt text.</param>
    /// <param name="model">The loaded model: with it, <c>max_tokens</c> above its context window (n_ctx) and
    /// <c>logit_bias</c> token ids outside its vocabulary are rejected, as OpenAI rejects a max_tokens above the
    /// model's limit.</param>
    public static ApiGeneration ToGeneration(GenerationRequestBody body, string prompt, ModelInfo? model = null)
    {
        if (body.N is { } n && n != 1)
            throw new ApiRequestException("Only 'n' = 1 is supported.", "n", "invalid_value");

        int? maxTokens = body.MaxCompletionTokens ?? body.MaxTokens ?? body.NPredict;
        var maxParam = body.MaxCompletionTokens is not null ? "max_completion_tokens"
            : body.MaxTokens is not null ? "max_tokens" : "n_predict";
        if (maxTokens is < 1)
            throw new ApiRequestException($"'{maxParam}' must be at least 1.", maxParam, "invalid_value");
        if (model is { ContextSize: > 0 } && maxTokens > model.ContextSize)
        {
            throw new ApiRequestException(
                $"'{maxParam}' is too large: {maxTokens}. The context window of '{model.Id}' holds {model.ContextSize} tokens "
                + "(prompt and completion together), so at most that many can be generated.", maxParam, "invalid_value");
        }
        var logitBias = LogitBiasReader.Read(body.LogitBias, model?.VocabSize);

        var (logprobs, countFromLogprobs) = ReadLogprobs(body.Logprobs);
        var topLogprobs = body.TopLogprobs ?? countFromLogprobs;
        if (topLogprobs is < 0 or > MaxTopLogprobs)
            throw new ApiRequestException($"'top_logprobs' must be between 0 and {MaxTopLogprobs}.", "top_logprobs", "invalid_value");
        if (topLogprobs > 0 && !logprobs)
            throw new ApiRequestException("'top_logprobs' requires 'logprobs' to be true.", "top_logprobs", "invalid_value");

        var stop = (body.Stop ?? []).Where(s => s.Length > 0).ToList();
        if (stop.Count > MaxStopStrings)
            throw new ApiRequestException($"'stop' accepts at most {MaxStopStrings} strings.", "stop", "invalid_value");

        uint? seed = body.Seed switch
        {
            null or -1 => null,
            >= 0 and <= uint.MaxValue => (uint)body.Seed.Value,
            _ => throw new ApiRequestException("'seed' must be between 0 and 4294967295, or -1 for random.", "seed", "invalid_value"),
        };

        if (body.GrammarTrace == true && !logprobs)
            throw new ApiRequestException("'grammar_trace' requires 'logprobs' to be true: the trace is reported in logprobs.content.", "grammar_trace", "invalid_value");
        var grammar = ResponseFormatMapper.ToGrammar(body);

        var defaults = new SamplingOptions();
        var sampling = defaults with
        {
            Temperature = body.Temperature ?? defaults.Temperature,
            TopP = body.TopP ?? defaults.TopP,
            TopK = body.TopK ?? defaults.TopK,
            MinP = body.MinP ?? defaults.MinP,
            RepeatPenalty = body.RepeatPenalty ?? defaults.RepeatPenalty,
            RepeatLastN = body.RepeatLastN ?? defaults.RepeatLastN,
            PresencePenalty = body.PresencePenalty ?? defaults.PresencePenalty,
            FrequencyPenalty = body.FrequencyPenalty ?? defaults.FrequencyPenalty,
            Seed = seed,
            Grammar = grammar,
            IgnoreEos = body.IgnoreEos ?? false,
            LogitBias = logitBias,
            // A grammar made from a schema starts at root; grammar_root applies to a raw grammar only.
            GrammarRoot = string.IsNullOrWhiteSpace(body.GrammarRoot) || !ReferenceEquals(grammar, body.Grammar) ? defaults.GrammarRoot : body.GrammarRoot,
        };
        try
        {
            sampling.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ApiRequestException(e.Message, e.ParamName, "invalid_value");
        }

        var request = new GenerationRequest
        {
            Prompt = prompt,
            Sampling = sampling,
            MaxTokens = maxTokens,
            Stop = stop,
            TopLogprobs = logprobs ? topLogprobs : 0,
            TraceGrammar = body.GrammarTrace == true && grammar is not null,
        };
        return new ApiGeneration(request, logprobs, body.Stream, body.StreamOptions?.IncludeUsage == true);
    }

    /// <summary>Whether logprobs are wanted (only then are they returned), and a legacy integer count.</summary>
    public static (bool Enabled, int Count) ReadLogprobs(JsonElement? value) => value?.ValueKind switch
    {
        null or JsonValueKind.Null or JsonValueKind.Undefined or JsonValueKind.False => (false, 0),
        JsonValueKind.True => (true, 0),
        JsonValueKind.Number when value.Value.TryGetInt32(out var count) && count >= 0 => (true, count),
        _ => throw new ApiRequestException("'logprobs' must be a boolean.", "logprobs", "invalid_value"),
    };
}

/// <summary>A validated generation request and how to answer it.</summary>
/// <param name="Request">What the engine runs.</param>
/// <param name="Logprobs">Whether the answer carries <c>logprobs</c>.</param>
/// <param name="Stream">Answer as server-sent events.</param>
/// <param name="IncludeUsage">Send a usage chunk before <c>[DONE]</c>.</param>
internal sealed record ApiGeneration(GenerationRequest Request, bool Logprobs, bool Stream, bool IncludeUsage);
