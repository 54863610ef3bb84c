using System.Globalization;
using Workbench.Engine.Inference;
using Workbench.Engine.Sampling;
using Workbench.Engine.Tools;

namespace Workbench.Engine.Requests;

/// <summary>
/// The one validation of a generation request, shared by the HTTP API's <c>RequestMapper</c> and the hub's
/// <c>ChatStreamRequestMapper</c>: it enforces <see cref="RequestLimits"/> and <see cref="SamplingOptions"/>'s ranges,
/// the message and tool rules of OpenAI's Chat Completions reference, and fills unset fields with
/// <see cref="SamplingOptions"/>'s defaults. Every rejection is a <see cref="RequestValidationException"/> naming the
/// snake_case field path.
/// </summary>
public static partial class RequestValidator
{
    private static readonly HashSet<string> Roles = ["system", "developer", "user", "assistant", "tool"];

    /// <summary>Validates <paramref name="request"/>: messages first, then limits and sampling, then tools.</summary>
    /// <param name="request">The request as received.</param>
    /// <param name="model">The loaded model, when known: then a max_tokens above its n_ctx and logit_bias ids
    /// outside its vocabulary are rejected (OpenAI rejects a max_tokens above the model's limit).</param>
    /// <returns>The engine request (empty prompt) with the validated messages and tools.</returns>
    /// <exception cref="RequestValidationException">A field breaks a rule; the first one found is reported.</exception>
    public static ValidatedRequest Validate(ChatRequest request, ModelInfo? model = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var messages = request.Messages is null ? [] : ValidateMessages(request.Messages);

        if (request.N is { } n && n != 1)
            throw RequestValidationException.Invalid("n", "Only 'n' = 1 is supported.");
        var maxParam = request.MaxTokensField;
        if (request.MaxTokens is < 1)
            throw RequestValidationException.Invalid(maxParam, $"'{maxParam}' must be at least 1.");
        if (model is { ContextSize: > 0 } && request.MaxTokens > model.ContextSize)
        {
            throw RequestValidationException.Invalid(maxParam,
                $"'{maxParam}' is too large: {request.MaxTokens}. The context window of '{model.Id}' holds {model.ContextSize} tokens "
                + "(prompt and completion together), so at most that many can be generated.");
        }
        var logitBias = LogitBias(request.LogitBias, model?.VocabSize);

        var topLogprobs = request.TopLogprobs ?? 0;
        if (topLogprobs is < 0 or > RequestLimits.MaxTopLogprobs)
            throw RequestValidationException.Invalid("top_logprobs", $"'top_logprobs' must be between 0 and {RequestLimits.MaxTopLogprobs}.");
        if (topLogprobs > 0 && !request.Logprobs)
            throw RequestValidationException.Invalid("top_logprobs", "'top_logprobs' requires 'logprobs' to be true.");

        var stop = (request.Stop ?? []).Where(s => !string.IsNullOrEmpty(s)).ToList();
        if (stop.Count > RequestLimits.MaxStopStrings)
            throw RequestValidationException.Invalid("stop", $"'stop' accepts at most {RequestLimits.MaxStopStrings} strings.");

        uint? seed = request.Seed switch
        {
            null or -1 => null,
            >= 0 and <= RequestLimits.MaxSeed => (uint)request.Seed.Value,
            _ => throw RequestValidationException.Invalid("seed", $"'seed' must be between 0 and {RequestLimits.MaxSeed}, or -1 for random."),
        };

        var grammar = string.IsNullOrWhiteSpace(request.Grammar) ? null : request.Grammar;
        if (request.GrammarTrace && !request.Logprobs)
            throw RequestValidationException.Invalid("grammar_trace", "'grammar_trace' requires 'logprobs' to be true: the trace is reported in logprobs.content.");

        var sampling = Sampling(request, seed, grammar, logitBias);
        if (model is { VocabSize: > 0 } && sampling.TopK > model.VocabSize)
            throw RequestValidationException.Invalid("top_k", $"'top_k' must be between 0 and the vocabulary size ({model.VocabSize}).");

        var tools = ValidateTools(request.Tools);
        var choice = ValidateToolChoice(request.ToolChoice, tools);

        var generation = new GenerationRequest
        {
            Prompt = "",
            Sampling = sampling,
            MaxTokens = request.MaxTokens,
            Stop = stop,
            TopLogprobs = request.Logprobs ? topLogprobs : 0,
            TraceGrammar = request.GrammarTrace && grammar is not null,
        };
        return new ValidatedRequest(generation, messages, request.Logprobs, tools, choice, request.ParallelToolCalls ?? true);
    }

    /// <summary>The sampling options: sent values over <see cref="SamplingOptions"/>'s defaults, range-checked.</summary>
    private static SamplingOptions Sampling(ChatRequest request, uint? seed, string? grammar, IReadOnlyDictionary<int, float>? logitBias)
    {
        var defaults = new SamplingOptions();
        var sampling = defaults with
        {
            Temperature = request.Temperature ?? defaults.Temperature,
            TopP = request.TopP ?? defaults.TopP,
            TopK = request.TopK ?? defaults.TopK,
            MinP = request.MinP ?? defaults.MinP,
            RepeatPenalty = request.RepeatPenalty ?? defaults.RepeatPenalty,
            RepeatLastN = request.RepeatLastN ?? defaults.RepeatLastN,
            PresencePenalty = request.PresencePenalty ?? defaults.PresencePenalty,
            FrequencyPenalty = request.FrequencyPenalty ?? defaults.FrequencyPenalty,
            Seed = seed,
            Grammar = grammar,
            IgnoreEos = request.IgnoreEos ?? defaults.IgnoreEos,
            LogitBias = logitBias,
            GrammarRoot = string.IsNullOrWhiteSpace(request.GrammarRoot) ? defaults.GrammarRoot : request.GrammarRoot,
        };
        try
        {
            sampling.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            var field = e.ParamName ?? "sampling";
            throw RequestValidationException.Invalid(field, StripParamSuffix(e));
        }
        return sampling;
    }

    /// <summary>Token-id keys (below <paramref name="vocabSize"/> when known), biases in range, at most 300.</summary>
    private static IReadOnlyDictionary<int, float>? LogitBias(IReadOnlyDictionary<string, float>? biases, int? vocabSize)
    {
        if (biases is not { Count: > 0 }) return null;
        if (biases.Count > RequestLimits.MaxLogitBiasEntries)
            throw RequestValidationException.Invalid("logit_bias", $"'logit_bias' accepts at most {RequestLimits.MaxLogitBiasEntries} tokens.");
        var result = new Dictionary<int, float>(biases.Count);
        foreach (var (key, bias) in biases)
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var token) || (vocabSize is { } n && token >= n))
            {
                throw RequestValidationException.Invalid("logit_bias", vocabSize is { } size
                    ? $"'logit_bias' key '{key}' is not a token id of this model (0 to {size - 1})."
                    : $"'logit_bias' key '{key}' is not a token id (a non-negative integer).");
            }
            if (!float.IsFinite(bias) || bias is < RequestLimits.MinLogitBias or > RequestLimits.MaxLogitBias)
                throw RequestValidationException.Invalid("logit_bias", $"'logit_bias' value of token {token} must be a number from -100 to 100.");
            result[token] = bias;
        }
        return result;
    }

    private static string StripParamSuffix(ArgumentException e)
    {
        var suffix = $" (Parameter '{e.ParamName}')";
        return e.ParamName is not null && e.Message.EndsWith(suffix, StringComparison.Ordinal) ? e.Message[..^suffix.Length] : e.Message;
    }
}
