using System.Text.Json.Nodes;
using Workbench.Lab.Training.Corpus;

namespace Workbench.Lab.Training;

/// <summary>
/// Chains conversations that offer the same tools (as a set) under the same system message into one multi-turn
/// conversation of up to <c>turns</c> requests: the first keeps its system message and tools, the others add their
/// user, assistant and tool messages. The tools section of the system prompt is most of every conversation's tokens
/// and carries no loss, so a sequence of four requests teaches about four times as many calls per token as four
/// separate conversations — and it is what a chat session looks like. Each chained request's answer depends only on
/// the offered set, which all of them share, so no request becomes wrong.
/// </summary>
public static class ConversationPacking
{
    /// <summary>Packs <paramref name="conversations"/> in order (deterministic for the same input).</summary>
    /// <param name="conversations">Generated conversations.</param>
    /// <param name="turns">Requests per packed conversation, 1 = unchanged.</param>
    public static IReadOnlyList<CorpusConversation> Pack(IReadOnlyList<CorpusConversation> conversations, int turns)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        ArgumentOutOfRangeException.ThrowIfLessThan(turns, 1);
        if (turns == 1) return conversations;
        var open = new Dictionary<string, List<CorpusConversation>>(StringComparer.Ordinal);
        var order = new List<string>();
        var packed = new List<CorpusConversation>();
        foreach (var conversation in conversations)
        {
            string key = Key(conversation);
            if (!open.TryGetValue(key, out var group)) { open[key] = group = []; order.Add(key); }
            group.Add(conversation);
            if (group.Count == turns) { packed.Add(Chain(group)); group.Clear(); }
        }
        foreach (string key in order)
            if (open[key].Count > 0) packed.Add(Chain(open[key]));
        return packed;
    }

    private static string Key(CorpusConversation c)
    {
        string system = c.Messages.Count > 0 && (string?)c.Messages[0]["role"] == "system" ? (string?)c.Messages[0]["content"] ?? "" : "\u0000none";
        return system + "\u0001" + string.Join(",", c.ToolNames.Order(StringComparer.Ordinal));
    }

    private static CorpusConversation Chain(List<CorpusConversation> group)
    {
        var first = group[0];
        var messages = new List<JsonObject>(first.Messages.Select(m => (JsonObject)m.DeepClone()));
        foreach (var next in group.Skip(1))
            messages.AddRange(next.Messages.Where(m => (string?)m["role"] != "system").Select(m => (JsonObject)m.DeepClone()));
        return first with { Messages = messages };
    }
}
