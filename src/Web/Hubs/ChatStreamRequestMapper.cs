using Microsoft.AspNetCore.SignalR;
using Workbench.Engine.Inference;
using Workbench.Engine.Sampling;

namespace Workbench.Web.Hubs;

/// <summary>Validates a <see cref="ChatStreamRequest"/> and turns it into the engine's types; every rejection is
/// a <see cref="HubException"/> whose message names the camelCase field.</summary>
internal static class ChatStreamRequestMapper
{
    private static readonly string[] Roles = ["system", "user", "assistant", "tool"];

    public static IReadOnlyList<PromptMessage> Messages(ChatStreamRequest request)
    {
        if (request.Messages is not { Count: > 0 }) throw Invalid("messages", "must hold at least one message");
        var messages = new List<PromptMessage>(request.Messages.Count);
        for (var i = 0; i < request.Messages.Count; i++)
        {
            var message = request.Messages[i] ?? throw Invalid($"messages[{i}]", "must be an object");
            if (!Roles.Contains(message.Role, StringComparer.Ordinal)) throw Invalid($"messages[{i}].role", "must be system, user, assistant or tool");
            messages.Add(new PromptMessage(message.Role, message.Content ?? ""));
        }
        return messages;
    }

    /// <summary>The generation request for an already rendered <paramref name="prompt"/>.</summary>
    public static GenerationRequest Generation(ChatStreamRequest request, string prompt)
    {
        if (request.MaxTokens is < 1) throw Invalid("maxTokens", "must be 1 or more");
        if (request.TopLogprobs is < 0 or > 20) throw Invalid("topLogprobs", "must be between 0 and 20");
        if (request.Seed is < 0 or > uint.MaxValue) throw Invalid("seed", "must be between 0 and 4294967295");
        var stop = request.Stop ?? [];
        if (stop.Count > 4 || stop.Any(string.IsNullOrEmpty)) throw Invalid("stop", "must hold at most 4 non-empty strings");

        var defaults = new SamplingOptions();
        var sampling = new SamplingOptions
        {
            Temperature = request.Temperature ?? defaults.Temperature,
            TopK = request.TopK ?? defaults.TopK,
            TopP = request.TopP ?? defaults.TopP,
            MinP = request.MinP ?? defaults.MinP,
            RepeatPenalty = request.RepeatPenalty ?? defaults.RepeatPenalty,
            PresencePenalty = request.PresencePenalty ?? defaults.PresencePenalty,
            FrequencyPenalty = request.FrequencyPenalty ?? defaults.FrequencyPenalty,
            Seed = request.Seed is { } seed ? (uint)seed : null,
            Grammar = string.IsNullOrWhiteSpace(request.Grammar) ? null : request.Grammar,
            IgnoreEos = request.IgnoreEos ?? false,
            LogitBias = LogitBias(request.LogitBias),
        };
        try
        {
            sampling.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            var name = e.ParamName ?? "sampling";
            var rule = e.Message.Replace($"'{name}' ", "", StringComparison.Ordinal).TrimEnd('.');
            throw Invalid(CamelCase(name), rule);
        }
        return new GenerationRequest
        {
            Prompt = prompt,
            Sampling = sampling,
            MaxTokens = request.MaxTokens,
            Stop = stop,
            TopLogprobs = request.TopLogprobs ?? 0,
        };
    }

    /// <summary>The biases by token id; keys must be token ids (checked against the vocabulary by the engine).</summary>
    private static IReadOnlyDictionary<int, float>? LogitBias(IReadOnlyDictionary<string, float>? biases)
    {
        if (biases is not { Count: > 0 }) return null;
        if (biases.Count > 300) throw Invalid("logitBias", "must hold at most 300 tokens");
        var result = new Dictionary<int, float>(biases.Count);
        foreach (var (key, bias) in biases)
        {
            if (!int.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var token))
                throw Invalid("logitBias", $"must map token ids to biases; '{key}' is not a token id");
            result[token] = bias;
        }
        return result;
    }

    private static HubException Invalid(string field, string rule) =>
        new($"Invalid '{field}': it {rule}.");

    private static string CamelCase(string snake)
    {
        var parts = snake.Split('_', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 0 ? snake : parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }
}
