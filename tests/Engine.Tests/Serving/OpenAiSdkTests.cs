using System.ClientModel;
using System.Text;
using OpenAI;
using OpenAI.Chat;
using Xunit;

namespace Workbench.Engine.Tests.Serving;

/// <summary>The API through a real third-party client: the official OpenAI .NET SDK 2.15.0.</summary>
[Collection(ApiCollection.Name)]
public sealed class OpenAiSdkTests(ApiServerFixture server)
{
    private ChatClient Client(string? model = null) => new(model ?? server.Model.Id, new ApiKeyCredential("x"),
        new OpenAIClientOptions { Endpoint = new Uri(server.BaseUrl + "/v1"), NetworkTimeout = TimeSpan.FromSeconds(60) });

    private static List<ChatMessage> Conversation() =>
    [
        new SystemChatMessage("You tell short stories."),
        new UserChatMessage("Tell me a story about a cat."),
    ];

    [Fact]
    public async Task CompleteChat_NonStreaming_ReturnsTextFinishReasonAndUsage()
    {
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 12, Temperature = 0.7f };

        ChatCompletion completion = await Client().CompleteChatAsync(Conversation(), options);

        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.False(string.IsNullOrEmpty(completion.Content[0].Text));
        Assert.Contains(completion.FinishReason, new[] { ChatFinishReason.Stop, ChatFinishReason.Length });
        Assert.InRange(completion.Usage.OutputTokenCount, 1, 12);
        Assert.True(completion.Usage.InputTokenCount > 5);
        Assert.Equal(completion.Usage.InputTokenCount + completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount);
        Assert.StartsWith("chatcmpl-", completion.Id);
        Assert.Equal(server.Model.Id, completion.Model);
        if (completion.FinishReason == ChatFinishReason.Length) Assert.Equal(12, completion.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task CompleteChat_ModelNameWithoutExtension_IsAccepted()
    {
        var model = Path.GetFileNameWithoutExtension(server.Model.Id);
        ChatCompletion completion = await Client(model).CompleteChatAsync(Conversation(), new ChatCompletionOptions { MaxOutputTokenCount = 2 });
        Assert.Equal(2, completion.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task CompleteChatStreaming_UpdatesConcatenateToText_AndEndWithUsage()
    {
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 24, Temperature = 0.9f };
        var text = new StringBuilder();
        var contentUpdates = 0;
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;

        await foreach (var update in Client().CompleteChatStreamingAsync(Conversation(), options))
        {
            foreach (var part in update.ContentUpdate)
            {
                if (part.Text.Length > 0) contentUpdates++;
                text.Append(part.Text);
            }
            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.True(contentUpdates >= 3, $"only {contentUpdates} content updates");
        Assert.NotNull(finish);
        Assert.NotNull(usage);
        Assert.InRange(usage.OutputTokenCount, 1, 24);
        var tokens = await server.Engine.TokenizeAsync(text.ToString(), false, false, CancellationToken.None);
        Assert.True(tokens.Count > 0, "the streamed text is empty");
    }

    [Fact]
    public async Task CompleteChat_WithLogprobs_ReturnsSortedTopAlternatives()
    {
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 6, IncludeLogProbabilities = true, TopLogProbabilityCount = 3 };

        ChatCompletion completion = await Client().CompleteChatAsync(Conversation(), options);

        var logprobs = completion.ContentTokenLogProbabilities;
        Assert.Equal(completion.Usage.OutputTokenCount, logprobs.Count);
        Assert.Equal(completion.Content[0].Text, string.Concat(logprobs.Select(l => l.Token)));
        foreach (var token in logprobs)
        {
            Assert.True(token.LogProbability <= 0);
            Assert.Equal(3, token.TopLogProbabilities.Count);
            var tops = token.TopLogProbabilities.Select(t => t.LogProbability).ToList();
            Assert.Equal(tops.OrderByDescending(v => v), tops);
            Assert.NotNull(token.Utf8Bytes);
            Assert.Equal(token.Token, Encoding.UTF8.GetString(token.Utf8Bytes.Value.Span));
        }
    }

    [Fact]
    public async Task CompleteChat_OutOfRangeTemperature_ThrowsWithServerMessage()
    {
        var options = new ChatCompletionOptions { Temperature = 5f };
        var error = await Assert.ThrowsAsync<ClientResultException>(() => Client().CompleteChatAsync(Conversation(), options));
        Assert.Equal(400, error.Status);
        Assert.Contains("temperature", error.Message);
    }
}
