using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json;

namespace Workbench.Lab.Backends;

/// <summary>A pipeline policy just before the OpenAI client's transport: drops the <c>Authorization</c> header when
/// the backend has no key, and refuses a successful answer that is not OpenAI's shape before the SDK reads it (a
/// streamed request must come back as <c>text/event-stream</c>, which an HTML error page or a JSON body does not —
/// the SDK's SSE reader would skip it silently; a buffered one must be a JSON object with a <c>choices</c> array).
/// A refusal is a <see cref="BackendGarbageException"/> carrying the body's first 200 characters.</summary>
/// <param name="hasKey">Whether a key is configured (false = remove the placeholder credential's header).</param>
internal sealed class BackendWirePolicy(bool hasKey) : PipelinePolicy
{
    /// <summary>How much of a refused body the message quotes.</summary>
    internal const int SnippetLength = 200;

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Prepare(message);
        ProcessNext(message, pipeline, currentIndex);
        Check(message, () => message.Response!.BufferContent());
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Prepare(message);
        await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
        if (NeedsBody(message)) await message.Response!.BufferContentAsync(message.CancellationToken).ConfigureAwait(false);
        Check(message, () => message.Response!.Content);
    }

    private void Prepare(PipelineMessage message)
    {
        if (!hasKey) message.Request.Headers.Remove("Authorization");
    }

    private static bool IsEventStream(PipelineResponse response) =>
        response.Headers.TryGetValue("Content-Type", out var type) && type?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true;

    private static bool NeedsBody(PipelineMessage message) =>
        message.Response is { IsError: false } response && !(message.BufferResponse is false && IsEventStream(response));

    private static void Check(PipelineMessage message, Func<BinaryData> body)
    {
        if (!NeedsBody(message)) return;
        var content = body();
        if (message.BufferResponse && LooksLikeCompletion(content)) return;
        throw new BackendGarbageException(Snippet(content));
    }

    private static bool LooksLikeCompletion(BinaryData content)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The first <see cref="SnippetLength"/> characters of a body, control characters as spaces.</summary>
    internal static string Snippet(BinaryData content)
    {
        var bytes = content.ToMemory();
        var text = Encoding.UTF8.GetString(bytes.Span[..Math.Min(bytes.Length, SnippetLength * 4)]);
        if (text.Length > SnippetLength) text = text[..SnippetLength];
        var clean = new string([.. text.Select(c => char.IsControl(c) ? ' ' : c)]).Trim();
        return clean.Length == 0 ? "(an empty body)" : clean;
    }
}

/// <summary>A successful HTTP answer whose body is not an OpenAI chat completion (raised inside the pipeline and
/// turned into a <see cref="BackendException"/> by <see cref="BackendErrorChatClient"/>).</summary>
/// <param name="snippet">The body's first characters.</param>
internal sealed class BackendGarbageException(string snippet) : Exception("The answer is not an OpenAI chat completion.")
{
    /// <summary>The body's first characters.</summary>
    public string Snippet { get; } = snippet;
}
