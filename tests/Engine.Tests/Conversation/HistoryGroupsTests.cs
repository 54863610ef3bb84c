using Workbench.Engine.Conversation;

namespace Workbench.Engine.Tests.Conversation;

public sealed class HistoryGroupsTests
{
    [Fact]
    public void Split_ToolCallAndResults_FormOneGroup()
    {
        var history = ConversationFixture.ToolChat(2);

        var groups = HistoryGroups.Split(history);

        Assert.Equal(history, groups.SelectMany(g => g.Messages));
        Assert.True(groups[0].IsSystemPrompt);
        var toolGroups = groups.Where(g => g.Messages[0].HasToolCalls).ToList();
        Assert.Equal(2, toolGroups.Count);
        Assert.All(toolGroups, g => Assert.Equal([HistoryMessage.AssistantRole, HistoryMessage.ToolRole], g.Messages.Select(m => m.Role)));
    }

    [Fact]
    public void Split_ParallelToolCalls_KeepsEveryResultWithTheCall()
    {
        HistoryMessage[] history =
        [
            HistoryMessage.User("Weather in two towns?"),
            HistoryMessage.AssistantToolCalls(new ToolCall("a", "get_weather", "{}"), new ToolCall("b", "get_weather", "{}")),
            HistoryMessage.Tool("a", "sunny"),
            HistoryMessage.Tool("b", "rain"),
            HistoryMessage.Assistant("Sunny and rain."),
        ];

        var groups = HistoryGroups.Split(history);

        Assert.Equal([1, 3, 1], groups.Select(g => g.Messages.Count));
        Assert.Equal(0, HistoryGroups.PinnedCount(groups));
    }

    [Fact]
    public void Turns_ToolChat_StartEachTurnAtAUserMessage()
    {
        var groups = HistoryGroups.Split(ConversationFixture.ToolChat(3));

        var turns = HistoryGroups.Turns(groups);

        Assert.Equal(3, turns.Count);
        Assert.All(turns, t => Assert.True(t[0].StartsTurn));
        Assert.All(turns, t => Assert.Equal(4, t.Sum(g => g.Messages.Count)));
    }

    [Fact]
    public void ToPromptMessage_ToolCall_WritesAToolCallBlock()
    {
        var message = HistoryMessage.AssistantToolCalls(new ToolCall("c1", "get_weather", "{\"city\": \"Oslo\"}"));

        var prompt = message.ToPromptMessage();

        Assert.Equal("assistant", prompt.Role);
        Assert.Equal("<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Oslo\"}}\n</tool_call>", prompt.Content);
    }

    /// <summary>The calls and a result's call id stay on the prompt message as fields, so a history with tool results
    /// passes the worker's validation (every tool message answers an earlier call) behind the remote engine.</summary>
    [Fact]
    public void ToPromptMessage_CallAndResult_KeepTheCallsAndTheCallIdAsFields()
    {
        var call = new ToolCall("c1", "get_weather", "{\"city\": \"Oslo\"}");

        var assistant = HistoryMessage.AssistantToolCalls(call).ToPromptMessage();
        var result = HistoryMessage.Tool("c1", "{\"temp\": 3}").ToPromptMessage();

        Assert.Equal([call], assistant.ToolCalls!);
        Assert.Null(assistant.ToolCallId);
        Assert.Equal(("tool", "{\"temp\": 3}", "c1"), (result.Role, result.Content, result.ToolCallId));
        Assert.Null(result.ToolCalls);
        Assert.Null(new HistoryMessage("user", "hi").ToPromptMessage().ToolCalls);
    }
}
