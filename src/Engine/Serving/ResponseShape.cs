using Microsoft.AspNetCore.Http;
using Workbench.Engine.Serving.Wire;

namespace Workbench.Engine.Serving;

/// <summary>How one endpoint (chat or text completions) shapes its answers: the same generation loop writes
/// either. One instance per request (it holds the id, creation time and model id).</summary>
internal abstract class ResponseShape(string idPrefix, string model)
{
    public string Id { get; } = idPrefix + Guid.NewGuid().ToString("N")[..24];
    public long Created { get; } = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    public string Model { get; } = model;

    /// <summary>The request field holding the prompt, for error params.</summary>
    public abstract string PromptParam { get; }

    /// <summary>Written once after the headers (chat: the assistant role).</summary>
    public abstract Task WriteStartAsync(HttpContext http, CancellationToken cancellationToken);

    /// <summary>A token's text (possibly empty) with its logprobs, or the final chunk when
    /// <paramref name="finishReason"/> is set.</summary>
    public abstract Task WriteChunkAsync(HttpContext http, string text, LogprobsBody? logprobs, string? finishReason,
        TimingsBody? timings, CancellationToken cancellationToken);

    /// <summary>The usage chunk (<c>choices: []</c>) of <c>stream_options.include_usage</c>.</summary>
    public abstract Task WriteUsageAsync(HttpContext http, UsageBody usage, TimingsBody? timings, CancellationToken cancellationToken);

    /// <summary>The whole non-streaming answer.</summary>
    public abstract IResult Complete(string text, LogprobsBody? logprobs, string finishReason, UsageBody? usage, TimingsBody? timings);
}

/// <summary><c>/v1/chat/completions</c>: <c>chat.completion</c> and <c>chat.completion.chunk</c>.</summary>
internal sealed class ChatResponseShape(string model) : ResponseShape("chatcmpl-", model)
{
    public override string PromptParam => "messages";

    public override Task WriteStartAsync(HttpContext http, CancellationToken cancellationToken) =>
        WriteAsync(http, new ChatChunkChoice { Delta = new ChatMessageOut { Role = "assistant", Content = "" } }, null, null, cancellationToken);

    public override Task WriteChunkAsync(HttpContext http, string text, LogprobsBody? logprobs, string? finishReason,
        TimingsBody? timings, CancellationToken cancellationToken)
    {
        var delta = new ChatMessageOut { Content = text.Length == 0 && finishReason is not null ? null : text };
        return WriteAsync(http, new ChatChunkChoice { Delta = delta, Logprobs = logprobs, FinishReason = finishReason }, null, timings, cancellationToken);
    }

    public override Task WriteUsageAsync(HttpContext http, UsageBody usage, TimingsBody? timings, CancellationToken cancellationToken) =>
        WriteAsync(http, null, usage, timings, cancellationToken);

    public override IResult Complete(string text, LogprobsBody? logprobs, string finishReason, UsageBody? usage, TimingsBody? timings) =>
        TypedResults.Json(new ChatCompletionResponse
        {
            Id = Id, Created = Created, Model = Model, Usage = usage, Timings = timings,
            Choices = [new ChatChoice { Message = new ChatMessageOut { Role = "assistant", Content = text }, Logprobs = logprobs, FinishReason = finishReason }],
        }, OpenAiJsonContext.Wire.ChatCompletionResponse);

    /// <summary>A chunk with any delta (content and/or <c>tool_calls</c>), or the final chunk when
    /// <paramref name="finishReason"/> is set.</summary>
    public Task WriteDeltaAsync(HttpContext http, ChatMessageOut delta, LogprobsBody? logprobs, string? finishReason,
        TimingsBody? timings, CancellationToken cancellationToken) =>
        WriteAsync(http, new ChatChunkChoice { Delta = delta, Logprobs = logprobs, FinishReason = finishReason }, null, timings, cancellationToken);

    /// <summary>The whole non-streaming answer with a full message (content and/or <c>tool_calls</c>).</summary>
    public IResult CompleteMessage(ChatMessageOut message, LogprobsBody? logprobs, string finishReason, UsageBody? usage, TimingsBody? timings) =>
        TypedResults.Json(new ChatCompletionResponse
        {
            Id = Id, Created = Created, Model = Model, Usage = usage, Timings = timings,
            Choices = [new ChatChoice { Message = message, Logprobs = logprobs, FinishReason = finishReason }],
        }, OpenAiJsonContext.Wire.ChatCompletionResponse);

    private Task WriteAsync(HttpContext http, ChatChunkChoice? choice, UsageBody? usage, TimingsBody? timings, CancellationToken cancellationToken) =>
        SseWriter.WriteAsync(http, new ChatCompletionChunk
        {
            Id = Id, Created = Created, Model = Model, Usage = usage, Timings = timings,
            Choices = choice is null ? [] : [choice],
        }, OpenAiJsonContext.Wire.ChatCompletionChunk, cancellationToken);
}

/// <summary><c>/v1/completions</c>: <c>text_completion</c> objects, streamed or whole.</summary>
internal sealed class CompletionResponseShape(string model) : ResponseShape("cmpl-", model)
{
    public override string PromptParam => "prompt";

    public override Task WriteStartAsync(HttpContext http, CancellationToken cancellationToken) => Task.CompletedTask;

    public override Task WriteChunkAsync(HttpContext http, string text, LogprobsBody? logprobs, string? finishReason,
        TimingsBody? timings, CancellationToken cancellationToken) =>
        WriteAsync(http, new CompletionChoice { Text = text, Logprobs = logprobs, FinishReason = finishReason }, null, timings, cancellationToken);

    public override Task WriteUsageAsync(HttpContext http, UsageBody usage, TimingsBody? timings, CancellationToken cancellationToken) =>
        WriteAsync(http, null, usage, timings, cancellationToken);

    public override IResult Complete(string text, LogprobsBody? logprobs, string finishReason, UsageBody? usage, TimingsBody? timings) =>
        TypedResults.Json(Build(new CompletionChoice { Text = text, Logprobs = logprobs, FinishReason = finishReason }, usage, timings),
            OpenAiJsonContext.Wire.CompletionResponse);

    private Task WriteAsync(HttpContext http, CompletionChoice? choice, UsageBody? usage, TimingsBody? timings, CancellationToken cancellationToken) =>
        SseWriter.WriteAsync(http, Build(choice, usage, timings), OpenAiJsonContext.Wire.CompletionResponse, cancellationToken);

    private CompletionResponse Build(CompletionChoice? choice, UsageBody? usage, TimingsBody? timings) => new()
    {
        Id = Id, Created = Created, Model = Model, Usage = usage, Timings = timings,
        Choices = choice is null ? [] : [choice],
    };
}
