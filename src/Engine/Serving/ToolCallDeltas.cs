using System.Text;
using Workbench.Engine.Conversation;
using Workbench.Engine.Serving.Wire;
using Workbench.Engine.Tools.Parsing;

namespace Workbench.Engine.Serving;

/// <summary>Parser events → OpenAI's chat shapes: a finished call as a <c>tool_calls[]</c> item, and the events of
/// one token as stream deltas (adjacent content merged, adjacent argument fragments of one call merged, a call's
/// start always its own delta with <c>arguments: ""</c>).</summary>
internal static class ToolCallDeltas
{
    /// <summary>A call in a message: <c>{id, type: "function", function: {name, arguments}}</c>.</summary>
    public static ToolCallOutBody ToWire(ToolCall call, int? index = null) => new()
    {
        Index = index,
        Id = call.Id,
        Type = "function",
        Function = new ToolCallFunctionBody { Name = call.Name, Arguments = call.Arguments },
    };

    /// <summary>The deltas of <paramref name="events"/>, in order; finishes, failures and diagnostics add none.</summary>
    public static List<ChatMessageOut> ToWire(IReadOnlyList<ToolCallEvent> events)
    {
        var parts = new List<(int Kind, int Index, string? Id, string? Name, StringBuilder Text)>(); // kind 0 content, 1 start, 2 args
        foreach (var e in events)
        {
            switch (e)
            {
                case ContentDelta d when parts.Count > 0 && parts[^1].Kind == 0:
                    parts[^1].Text.Append(d.Text);
                    break;
                case ContentDelta d:
                    parts.Add((0, -1, null, null, new StringBuilder(d.Text)));
                    break;
                case ToolCallStarted s:
                    parts.Add((1, s.Index, s.Id, s.Name, new StringBuilder()));
                    break;
                case ToolCallArgumentsDelta a when parts.Count > 0 && parts[^1].Kind == 2 && parts[^1].Index == a.Index:
                    parts[^1].Text.Append(a.Fragment);
                    break;
                case ToolCallArgumentsDelta a:
                    parts.Add((2, a.Index, null, null, new StringBuilder(a.Fragment)));
                    break;
            }
        }
        return parts.Select(p => p.Kind == 0
            ? new ChatMessageOut { Content = p.Text.ToString() }
            : new ChatMessageOut
            {
                ToolCalls =
                [
                    new ToolCallOutBody
                    {
                        Index = p.Index,
                        Id = p.Id,
                        Type = p.Kind == 1 ? "function" : null,
                        Function = new ToolCallFunctionBody { Name = p.Name, Arguments = p.Text.ToString() },
                    },
                ],
            }).ToList();
    }
}
