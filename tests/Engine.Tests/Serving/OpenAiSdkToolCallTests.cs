using System.ClientModel;
using System.Text;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;
using Workbench.Engine.Grammar.JsonSchema;
using Xunit;

namespace Workbench.Engine.Tests.Serving;

/// <summary>Tool calling through the official OpenAI .NET SDK on the real model (issue 11 §1): forced calls come back
/// as valid <c>tool_calls</c>, whole and streamed, and agree for a seed; a tool result round-trips; <c>none</c> gives
/// no call. On stories260K (byte fallback, so a grammar can write any call; see <see cref="ToolCallServerFixture"/>).</summary>
[Collection(ToolCallServerCollection.Name)]
public sealed class OpenAiSdkToolCallTests(ToolCallServerFixture server)
{
    private const string WeatherSchema =
        """{"type":"object","properties":{"city":{"type":"string","maxLength":12},"days":{"type":"integer","minimum":1,"maximum":7}},"required":["city","days"]}""";

    private const string TimeSchema = """{"type":"object","properties":{"zone":{"type":"string","enum":["UTC","CET","PST"]}},"required":["zone"]}""";

    private static readonly ChatTool Weather = ChatTool.CreateFunctionTool("get_weather", "The weather forecast for a city.", BinaryData.FromString(WeatherSchema));
    private static readonly ChatTool Time = ChatTool.CreateFunctionTool("get_time", "The time in a zone.", BinaryData.FromString(TimeSchema));

    private ChatClient Client() => new(server.Model.Id, new ApiKeyCredential("x"),
        new OpenAIClientOptions { Endpoint = new Uri(server.BaseUrl + "/v1"), NetworkTimeout = TimeSpan.FromSeconds(60) });

    private static List<ChatMessage> Conversation() => [new UserChatMessage("What is the weather in Paris?")];

    private static ChatCompletionOptions Options(ChatToolChoice choice, long seed = 7, ChatTool? tool = null)
    {
        var options = new ChatCompletionOptions { ToolChoice = choice, MaxOutputTokenCount = 120, Temperature = 0.8f, AllowParallelToolCalls = false };
#pragma warning disable OPENAI001 // Seed is marked experimental in the SDK
        options.Seed = seed;
#pragma warning restore OPENAI001
        options.Tools.Add(tool ?? Weather);
        return options;
    }

    private static void AssertValid(string name, string arguments)
    {
        var schema = JsonDocument.Parse(name == "get_weather" ? WeatherSchema : TimeSchema).RootElement;
        Assert.Empty(JsonSchemaValidator.Validate(schema, arguments));
    }

    [Fact]
    public async Task CompleteChat_RequiredChoice_ReturnsAValidToolCall_FinishReasonToolCalls()
    {
        ChatCompletion completion = await Client().CompleteChatAsync(Conversation(), Options(ChatToolChoice.CreateRequiredChoice()));

        Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
        var call = Assert.Single(completion.ToolCalls);
        Assert.StartsWith("call_", call.Id);
        Assert.Equal("get_weather", call.FunctionName);
        AssertValid(call.FunctionName, call.FunctionArguments.ToString());
        Assert.True(completion.Content.Count == 0 || string.IsNullOrWhiteSpace(completion.Content[0].Text), "no call markup in the content");
    }

    [Fact]
    public async Task CompleteChat_NamedChoice_CallsThatFunction()
    {
        ChatCompletion completion = await Client().CompleteChatAsync(Conversation(), Options(ChatToolChoice.CreateFunctionChoice("get_time"), seed: 3, tool: Time));

        Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
        var call = Assert.Single(completion.ToolCalls);
        Assert.Equal("get_time", call.FunctionName);
        AssertValid("get_time", call.FunctionArguments.ToString());
    }

    [Fact]
    public async Task CompleteChatStreaming_NamedChoice_StreamsArgumentFragments_AndAgreesWithTheWholeAnswer()
    {
        var options = Options(ChatToolChoice.CreateFunctionChoice("get_weather"), seed: 11);
        var ids = new Dictionary<int, string>();
        var names = new Dictionary<int, string>();
        var arguments = new Dictionary<int, StringBuilder>();
        var fragments = 0;
        var content = new StringBuilder();
        ChatFinishReason? finish = null;
        await foreach (var update in Client().CompleteChatStreamingAsync(Conversation(), options))
        {
            foreach (var part in update.ContentUpdate) content.Append(part.Text);
            foreach (var call in update.ToolCallUpdates)
            {
                if (call.ToolCallId is { } id) ids[call.Index] = id;
                if (call.FunctionName is { } name) names[call.Index] = name;
                var fragment = call.FunctionArgumentsUpdate?.ToString() ?? "";
                if (fragment.Length > 0) fragments++;
                (arguments.TryGetValue(call.Index, out var sb) ? sb : arguments[call.Index] = new StringBuilder()).Append(fragment);
            }
            finish ??= update.FinishReason;
        }

        Assert.Equal(ChatFinishReason.ToolCalls, finish);
        Assert.Equal("get_weather", Assert.Single(names).Value);
        Assert.StartsWith("call_", ids[0]);
        Assert.True(fragments > 1, $"the arguments came in {fragments} fragment(s), not as generated");
        AssertValid("get_weather", arguments[0].ToString());

        ChatCompletion whole = await Client().CompleteChatAsync(Conversation(), options);
        var wholeCall = Assert.Single(whole.ToolCalls);
        Assert.Equal(names[0], wholeCall.FunctionName);
        Assert.Equal(arguments[0].ToString(), wholeCall.FunctionArguments.ToString());
        Assert.True(string.IsNullOrWhiteSpace(content.ToString()) && (whole.Content.Count == 0 || string.IsNullOrWhiteSpace(whole.Content[0].Text)));
    }

    [Fact]
    public async Task CompleteChat_ToolResultRoundTrip_WithChoiceNone_AnswersTextWithoutCalls()
    {
        ChatCompletion first = await Client().CompleteChatAsync(Conversation(), Options(ChatToolChoice.CreateFunctionChoice("get_weather")));
        var call = Assert.Single(first.ToolCalls);
        List<ChatMessage> history =
        [
            .. Conversation(),
            new AssistantChatMessage([call]),
            new ToolChatMessage(call.Id, """{"forecast":"sunny","celsius":21}"""),
        ];

        ChatCompletion reply = await Client().CompleteChatAsync(history, Options(ChatToolChoice.CreateNoneChoice()));

        Assert.Empty(reply.ToolCalls);
        Assert.NotEqual(ChatFinishReason.ToolCalls, reply.FinishReason);
    }

    /// <summary>The raw request of <see cref="ToolRequestCases.Valid"/> (moved here from the request tests: rendering
    /// tools needs a vocabulary with byte fallback, which TinyStories-656K lacks).</summary>
    [Fact]
    public async Task ToolsAHistoryCallAndItsResult_AreServed()
    {
        var (status, json) = await ApiTestJson.PostAsync(server.Http, "/v1/chat/completions", ToolRequestCases.Valid(maxTokens: 4));
        Assert.True(status == 200, json.ToJsonString());
        Assert.Equal("chat.completion", (string?)json["object"]);
    }
}
