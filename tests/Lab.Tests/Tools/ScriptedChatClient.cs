using Microsoft.Extensions.AI;

namespace Workbench.Lab.Tests.Tools;

/// <summary>A test double for the model: answers each request with the next scripted response (the last one
/// repeats) and records the messages each request carried.</summary>
internal sealed class ScriptedChatClient(params Func<ChatResponse>[] script) : IChatClient
{
    private int next;

    public List<List<ChatMessage>> Requests { get; } = [];

    public List<ChatOptions?> Options { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Requests.Add(messages.ToList());
        Options.Add(options);
        var response = script[Math.Min(next++, script.Length - 1)]();
        return Task.FromResult(response);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates()) yield return update;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose() { }

    /// <summary>A reply calling the given tools, with raw text and usage as the engine reports them.</summary>
    public static ChatResponse Calls(string raw, params FunctionCallContent[] calls) =>
        new(new ChatMessage(ChatRole.Assistant, [.. calls]))
        {
            AdditionalProperties = new() { ["raw_text"] = raw },
            Usage = new UsageDetails { InputTokenCount = 100, OutputTokenCount = 20 },
        };

    /// <summary>A plain text reply.</summary>
    public static ChatResponse Answer(string text) =>
        new(new ChatMessage(ChatRole.Assistant, text)) { Usage = new UsageDetails { InputTokenCount = 150, OutputTokenCount = 7 } };

    public static FunctionCallContent Call(string id, string name, Dictionary<string, object?> arguments) => new(id, name, arguments);
}
