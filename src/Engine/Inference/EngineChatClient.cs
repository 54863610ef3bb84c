using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Workbench.Engine.Grammar.JsonSchema;
using Workbench.Engine.Sampling;
using Workbench.Engine.Tools;
using Workbench.Engine.Tools.Parsing;

namespace Workbench.Engine.Inference;

/// <summary>
/// <see cref="IChatClient"/> (Microsoft.Extensions.AI) over any <see cref="IInferenceEngine"/>: renders the
/// conversation with the engine's chat template, maps <see cref="ChatOptions"/> to <see cref="SamplingOptions"/>
/// and streams the engine's updates as <see cref="ChatResponseUpdate"/>s (text, then a final update with the
/// finish reason and a <see cref="UsageContent"/>).
/// </summary>
/// <remarks>
/// Mapped options: Temperature, TopP, TopK, MaxOutputTokens, Seed (low 32 bits), StopSequences, PresencePenalty,
/// FrequencyPenalty, and ResponseFormat: <see cref="ChatResponseFormat.Json"/> (no schema) constrains the reply to
/// any JSON object (<see cref="JsonSchemaGrammar.JsonObjectGbnf"/>), a <see cref="ChatResponseFormatJson"/> with a
/// <see cref="ChatResponseFormatJson.Schema"/> to that schema (<see cref="JsonSchemaGrammar.ToGbnf"/>),
/// <see cref="ChatResponseFormat.Text"/> to nothing. <see cref="ChatOptions.AdditionalProperties"/> may carry
/// llama-server's extensions <c>chat_template</c> (string), <c>min_p</c> (float), <c>repeat_penalty</c> (float) and
/// <c>grammar</c> (GBNF; not together with a JSON response format).
/// Tools (issue 11): <see cref="ChatOptions.Tools"/>' <see cref="AIFunctionDeclaration"/>s (name, description,
/// <see cref="AIFunctionDeclaration.JsonSchema"/>) are offered through the template and <see cref="ChatOptions.ToolMode"/>
/// picks the choice (null or auto → <c>auto</c>, a lazy grammar; none → <c>none</c>; <see cref="RequiredChatToolMode"/>
/// → <c>required</c> or the named function, a grammar from the first token); <see cref="ChatOptions.AllowMultipleToolCalls"/>
/// is <c>parallel_tool_calls</c> (default true). Messages' <see cref="FunctionCallContent"/> become the assistant's
/// <c>tool_calls</c> and <see cref="FunctionResultContent"/> <c>tool</c> messages; the reply's calls come back as
/// <see cref="FunctionCallContent"/> (arguments parsed to a dictionary of <see cref="System.Text.Json.JsonElement"/>s)
/// with finish reason <see cref="ChatFinishReason.ToolCalls"/>, so MEAI's <c>UseFunctionInvocation()</c> drives tools
/// through this client. The final update's <see cref="ChatResponseUpdate.AdditionalProperties"/> carries the raw model
/// text as <see cref="RawTextProperty"/>. Rendering goes through <see cref="IInferenceEngine.RenderChatAsync"/>.
/// Text, function-call and function-result contents of each message are used; other content types are ignored.
/// Finish reasons: <c>stop</c>, <c>length</c>, <c>tool_calls</c>, or <c>cancelled</c> (a custom <see cref="ChatFinishReason"/>).
/// </remarks>
/// <param name="engine">The engine to use; not disposed by this client.</param>
/// <param name="templateName">Built-in llama.cpp template name used when the options name none; null = the
/// model's own template (or the engine's fallback).</param>
public sealed class EngineChatClient(IInferenceEngine engine, string? templateName = null) : IChatClient
{
    /// <summary>The finish reason reported when the caller cancelled (<c>cancelled</c>).</summary>
    public static ChatFinishReason Cancelled { get; } = new("cancelled");

    /// <inheritdoc/>
    /// <remarks>The streamed updates folded by MEAI's <c>ToChatResponseAsync</c>; the final update's
    /// <see cref="RawTextProperty"/> is copied onto the response's <see cref="ChatResponse.AdditionalProperties"/>
    /// (the fold keeps update properties on the message only).</remarks>
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        object? rawText = null;
        var response = await Observe(GetStreamingResponseAsync(messages, options, cancellationToken)).ToChatResponseAsync(cancellationToken).ConfigureAwait(false);
        if (rawText is not null) (response.AdditionalProperties ??= [])[RawTextProperty] = rawText;
        return response;

        async IAsyncEnumerable<ChatResponseUpdate> Observe(IAsyncEnumerable<ChatResponseUpdate> updates)
        {
            await foreach (var update in updates.ConfigureAwait(false))
            {
                if (update.AdditionalProperties?.TryGetValue(RawTextProperty, out var raw) == true) rawText = raw;
                yield return update;
            }
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var prompt = EngineChatMessages.ToPromptMessages(messages);
        var tools = EngineChatMessages.ToTools(options);
        var choice = EngineChatMessages.ToToolChoice(options, tools);
        var template = GetExtra<string>(options, "chat_template") ?? templateName;
        var rendered = await engine.RenderChatAsync(new ChatRenderRequest { Messages = prompt, Tools = tools, TemplateName = template }, cancellationToken)
            .ConfigureAwait(false);
        var session = tools.Count == 0
            ? ToolCallSession.PassThrough()
            : ToolCallSession.Create(tools, choice, options?.AllowMultipleToolCalls ?? true, rendered.ToolCallFormat);
        var request = new GenerationRequest
        {
            Prompt = rendered.Text,
            Sampling = session.ApplyTo(ToSamplingOptions(options)),
            MaxTokens = options?.MaxOutputTokens,
            Stop = options?.StopSequences?.ToArray() ?? [],
        };

        var responseId = Guid.NewGuid().ToString("N");
        var modelId = engine.Model?.Id;
        await foreach (var update in engine.GenerateAsync(request, cancellationToken).ConfigureAwait(false))
        {
            var events = new List<ToolCallEvent>(session.Push(update.Text));
            if (update.FinishReason is not null) events.AddRange(session.Complete());
            var chatUpdate = new ChatResponseUpdate
            {
                Role = ChatRole.Assistant,
                ResponseId = responseId,
                MessageId = responseId,
                ModelId = modelId,
                CreatedAt = DateTimeOffset.UtcNow,
                RawRepresentation = update,
            };
            var text = string.Concat(events.OfType<ContentDelta>().Select(d => d.Text));
            if (text.Length > 0 || (events.Count == 0 && update.FinishReason is null)) chatUpdate.Contents.Add(new TextContent(text));
            foreach (var finished in events.OfType<ToolCallFinished>())
                chatUpdate.Contents.Add(EngineChatMessages.ToFunctionCall(finished.Call));
            if (update.FinishReason is { } reason)
            {
                chatUpdate.FinishReason = session.FinishReason(reason) switch
                {
                    ToolCallSession.ToolCallsFinishReason => ChatFinishReason.ToolCalls,
                    "stop" => ChatFinishReason.Stop,
                    "length" => ChatFinishReason.Length,
                    _ => Cancelled,
                };
                chatUpdate.AdditionalProperties = new AdditionalPropertiesDictionary { [RawTextProperty] = session.RawText };
            }
            if (update.Usage is { } usage)
            {
                chatUpdate.Contents.Add(new UsageContent(new UsageDetails
                {
                    InputTokenCount = usage.PromptTokens,
                    OutputTokenCount = usage.CompletionTokens,
                    TotalTokenCount = usage.TotalTokens,
                }));
            }
            yield return chatUpdate;
        }
    }

    /// <summary>The key of the final update's <see cref="ChatResponseUpdate.AdditionalProperties"/> entry holding the
    /// model's whole raw text (call markup included): <c>raw_text</c>.</summary>
    public const string RawTextProperty = "raw_text";

    /// <summary>Maps <see cref="ChatOptions"/> onto <see cref="SamplingOptions"/>; unset options keep their defaults.
    /// A JSON <see cref="ChatOptions.ResponseFormat"/> becomes <see cref="SamplingOptions.Grammar"/>.</summary>
    /// <param name="options">The chat options, or null for the defaults.</param>
    /// <exception cref="JsonSchemaException">The response format's schema is outside the supported subset or malformed.</exception>
    /// <exception cref="ArgumentException">Both a JSON response format and a <c>grammar</c> extension were given
    /// (ParamName <c>response_format</c>).</exception>
    public static SamplingOptions ToSamplingOptions(ChatOptions? options)
    {
        var defaults = new SamplingOptions();
        if (options is null) return defaults;
        return defaults with
        {
            Temperature = options.Temperature ?? defaults.Temperature,
            TopP = options.TopP ?? defaults.TopP,
            TopK = options.TopK ?? defaults.TopK,
            PresencePenalty = options.PresencePenalty ?? defaults.PresencePenalty,
            FrequencyPenalty = options.FrequencyPenalty ?? defaults.FrequencyPenalty,
            Seed = options.Seed is { } seed ? unchecked((uint)seed) : null,
            MinP = GetExtra<float?>(options, "min_p") ?? defaults.MinP,
            RepeatPenalty = GetExtra<float?>(options, "repeat_penalty") ?? defaults.RepeatPenalty,
            Grammar = ToGrammar(options),
        };
    }

    private static string? ToGrammar(ChatOptions options)
    {
        var grammar = GetExtra<string>(options, "grammar");
        if (options.ResponseFormat is not ChatResponseFormatJson json) return grammar;
        if (!string.IsNullOrWhiteSpace(grammar))
            throw new ArgumentException("A JSON response format and a 'grammar' both constrain the output; give only one.", "response_format");
        return json.Schema is { } schema ? JsonSchemaGrammar.ToGbnf(schema) : JsonSchemaGrammar.JsonObjectGbnf;
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null) return null;
        if (serviceType == typeof(ChatClientMetadata)) return new ChatClientMetadata("workbench", null, engine.Model?.Id);
        if (serviceType.IsInstanceOfType(engine)) return engine;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Does nothing: the engine belongs to its owner.</summary>
    public void Dispose()
    {
    }

    private static T? GetExtra<T>(ChatOptions? options, string key) =>
        options?.AdditionalProperties is { } extra && extra.TryGetValue(key, out T? value) ? value : default;
}
