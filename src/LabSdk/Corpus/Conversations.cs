// Part of the corpus SDK of lab 09 "new-tool-corpus" (labs/09-watch-a-model-learn): the shape a training
// conversation has when a student's generator writes it in the grading sandbox; the grader reads it as JSON.
using System.Text.Json.Nodes;

namespace Workbench.LabSdk.Corpus;

/// <summary>Builds conversations in the shape the trainer reads.</summary>
public static class Conversations
{
    /// <summary>A conversation where the assistant calls a tool: user → assistant tool call → tool result →
    /// assistant answer.</summary>
    /// <param name="tools">The tools offered (must include <paramref name="toolName"/>).</param>
    /// <param name="user">The user's message.</param>
    /// <param name="toolName">The tool called.</param>
    /// <param name="arguments">The call's arguments (an object matching the tool's parameters).</param>
    /// <param name="result">The tool's result as the tool message's content (for example JSON text).</param>
    /// <param name="answer">The assistant's final answer, using the result.</param>
    /// <param name="system">An optional system message first.</param>
    public static CorpusConversation WithCall(IReadOnlyList<JsonObject> tools, string user, string toolName, JsonObject arguments, string result, string answer, string? system = null)
    {
        const string id = "call_1";
        var messages = Start(system, user);
        messages.Add(new JsonObject
        {
            ["role"] = "assistant",
            ["content"] = null,
            ["tool_calls"] = new JsonArray(new JsonObject
            {
                ["id"] = id,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = toolName, ["arguments"] = arguments.ToJsonString() },
            }),
        });
        messages.Add(new JsonObject { ["role"] = "tool", ["tool_call_id"] = id, ["content"] = result });
        messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = answer });
        return new CorpusConversation(tools, messages, new CorpusExpectation(toolName, (JsonObject)arguments.DeepClone()));
    }

    /// <summary>A conversation where no offered tool fits: user → a plain assistant reply.</summary>
    /// <param name="tools">The tools offered (possibly none).</param>
    /// <param name="user">The user's message.</param>
    /// <param name="reply">The assistant's plain reply.</param>
    /// <param name="system">An optional system message first.</param>
    public static CorpusConversation Plain(IReadOnlyList<JsonObject> tools, string user, string reply, string? system = null)
    {
        var messages = Start(system, user);
        messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = reply });
        return new CorpusConversation(tools, messages, CorpusExpectation.NoCall);
    }

    private static List<JsonObject> Start(string? system, string user)
    {
        var messages = new List<JsonObject>();
        if (system is not null) messages.Add(new JsonObject { ["role"] = "system", ["content"] = system });
        messages.Add(new JsonObject { ["role"] = "user", ["content"] = user });
        return messages;
    }
}
