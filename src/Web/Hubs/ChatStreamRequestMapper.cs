using Microsoft.AspNetCore.SignalR;
using Workbench.Engine.Inference;
using Workbench.Engine.Requests;

namespace Workbench.Web.Hubs;

/// <summary>Maps a camelCase <see cref="ChatStreamRequest"/> onto the shared <see cref="ChatRequest"/> and validates
/// it with <see cref="RequestValidator"/> (the HTTP API's rules); every rejection is a <see cref="HubException"/>
/// whose message names the camelCase field (<c>'topLogprobs' must be between 0 and 20.</c>).</summary>
internal static class ChatStreamRequestMapper
{
    /// <summary>Validates the whole request: messages, limits, sampling and tools. The generation's prompt is empty
    /// until the hub renders <see cref="ValidatedRequest.Messages"/>.</summary>
    /// <param name="request">The hub's argument.</param>
    /// <param name="model">The loaded model when known (max tokens against n_ctx, logit-bias ids against n_vocab).</param>
    /// <exception cref="HubException">A field breaks a rule.</exception>
    public static ValidatedRequest Validate(ChatStreamRequest request, ModelInfo? model = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Validate(ToRequest(request), model);
    }

    /// <summary>The messages of <paramref name="request"/>, validated.</summary>
    public static IReadOnlyList<PromptMessage> Messages(ChatStreamRequest request) => Validate(request).Messages;

    /// <summary>The generation request for an already rendered <paramref name="prompt"/> (messages not read).</summary>
    public static GenerationRequest Generation(ChatStreamRequest request, string prompt) =>
        Validate(ToRequest(request) with { Messages = null }, null).Generation with { Prompt = prompt };

    private static ValidatedRequest Validate(ChatRequest request, ModelInfo? model)
    {
        try
        {
            return RequestValidator.Validate(request, model);
        }
        catch (RequestValidationException e)
        {
            throw new HubException(RequestFieldNames.CamelCaseQuoted(e.Message));
        }
    }

    /// <summary>The shared request: the same fields under OpenAI's meaning. The hub always reports token
    /// probabilities, so <c>logprobs</c> is on.</summary>
    public static ChatRequest ToRequest(ChatStreamRequest request) => new()
    {
        Messages = (request.Messages ?? []).Select(m => m is null ? null! : new ChatRequestMessage
        {
            Role = m.Role,
            Content = m.Content,
            ToolCalls = m.ToolCalls?.Select(c => c is null ? null! : new ChatRequestToolCall
            {
                Id = c.Id, Type = c.Type, Name = c.Function?.Name, Arguments = c.Function?.Arguments,
            }).ToList(),
            ToolCallId = m.ToolCallId,
            Name = m.Name,
        }).ToList(),
        MaxTokens = request.MaxTokens,
        Temperature = request.Temperature,
        TopK = request.TopK,
        TopP = request.TopP,
        MinP = request.MinP,
        RepeatPenalty = request.RepeatPenalty,
        PresencePenalty = request.PresencePenalty,
        FrequencyPenalty = request.FrequencyPenalty,
        Seed = request.Seed,
        Stop = request.Stop,
        Logprobs = true,
        TopLogprobs = request.TopLogprobs,
        Grammar = request.Grammar,
        IgnoreEos = request.IgnoreEos,
        LogitBias = request.LogitBias,
        Tools = request.Tools?.Select(t => t is null ? null! : new ChatRequestTool
        {
            Type = t.Type,
            HasFunction = t.Function is not null,
            Name = t.Function?.Name,
            Description = t.Function?.Description,
            Parameters = t.Function?.Parameters,
        }).ToList(),
        ToolChoice = request.ToolChoice,
        ParallelToolCalls = request.ParallelToolCalls,
    };
}
