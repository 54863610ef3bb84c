using Workbench.Engine.Conversation;
using Workbench.Engine.Inference;
using Workbench.Engine.Tests.TestSupport;

namespace Workbench.Engine.Tests.Conversation;

/// <summary>One <see cref="LlamaEngine"/> on stories260K (the app's default model: byte-fallback vocabulary, so any
/// text encodes) with the app's 512-token window per sequence and the ChatML fallback template, shared by the
/// conversation tests; and sample histories.</summary>
public sealed class ConversationFixture : IAsyncLifetime
{
    /// <summary>n_ctx per sequence (the app's setting).</summary>
    public const int ContextSize = 512;

    /// <summary>The engine.</summary>
    public LlamaEngine Engine { get; private set; } = null!;

    /// <summary>A token counter over <see cref="Engine"/> (ChatML).</summary>
    public PromptTokenCounter Counter { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Engine = new LlamaEngine(TestModels.Options(o =>
        {
            o.ParallelSequences = 2;
            o.ContextSize = ContextSize;
            o.ChatTemplate = "chatml";
        }));
        await Engine.LoadModelAsync(TestModels.Stories260K, null, CancellationToken.None);
        Counter = new PromptTokenCounter(Engine);
    }

    public async Task DisposeAsync() => await Engine.DisposeAsync();

    /// <summary>A system prompt and <paramref name="turns"/> user/assistant turns (turn i mentions the number i).</summary>
    public static List<HistoryMessage> Chat(int turns, string system = "You are a friendly storyteller.")
    {
        var history = new List<HistoryMessage> { HistoryMessage.System(system) };
        for (var i = 1; i <= turns; i++)
        {
            history.Add(HistoryMessage.User($"Tell me a short story about cat number {i}."));
            history.Add(HistoryMessage.Assistant($"Once upon a time, cat number {i} found a red ball and played all day."));
        }
        return history;
    }

    /// <summary>A chat whose turns each call a tool: user, assistant tool call, tool result, assistant answer.</summary>
    public static List<HistoryMessage> ToolChat(int turns)
    {
        var history = new List<HistoryMessage> { HistoryMessage.System("You can call get_weather(city).") };
        for (var i = 1; i <= turns; i++)
        {
            history.Add(HistoryMessage.User($"What is the weather in town {i}?"));
            history.Add(HistoryMessage.AssistantToolCalls(new ToolCall($"call_{i}", "get_weather", $"{{\"city\": \"town {i}\"}}")));
            history.Add(HistoryMessage.Tool($"call_{i}", $"{{\"town\": {i}, \"sky\": \"sunny\", \"celsius\": {10 + i}}}"));
            history.Add(HistoryMessage.Assistant($"It is sunny in town {i}, {10 + i} degrees."));
        }
        return history;
    }
}

[CollectionDefinition(Name)]
public sealed class ConversationCollection : ICollectionFixture<ConversationFixture>
{
    public const string Name = "Conversation engine";
}
