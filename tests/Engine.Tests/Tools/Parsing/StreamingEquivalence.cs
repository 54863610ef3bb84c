using System.Text;
using Workbench.Engine.Tools;
using Workbench.Engine.Tools.Parsing;

namespace Workbench.Engine.Tests.Tools.Parsing;

/// <summary>Feeds a text to a parser at every cut point (every split into two pieces, and one character at a time) and
/// checks each stream folds to the one-shot result, with the event invariants (one start per call, fragments that
/// concatenate to the final arguments, no empty fragments).</summary>
public static class StreamingEquivalence
{
    /// <summary>Returns the one-shot result after checking every streaming of <paramref name="text"/> agrees with it.</summary>
    public static ToolCallParseResult Check(ToolCallFormat format, string text, IReadOnlyList<ToolDefinition>? tools = null)
    {
        ToolCallParseResult expected = ToolCallParser.Parse(format, text, tools);
        for (int cut = 0; cut <= text.Length; cut++)
        {
            AssertSame(expected, Stream(format, tools, [text[..cut], text[cut..]]), $"split at {cut}");
        }
        AssertSame(expected, Stream(format, tools, text.Select(c => c.ToString())), "char by char");
        return expected;
    }

    /// <summary>The fold of feeding <paramref name="pieces"/>, after checking the event invariants.</summary>
    public static ToolCallParseResult Stream(ToolCallFormat format, IReadOnlyList<ToolDefinition>? tools, IEnumerable<string> pieces)
    {
        ToolCallStreamParser parser = ToolCallStreamParser.Create(format, tools);
        var events = new List<ToolCallEvent>();
        foreach (string piece in pieces)
        {
            events.AddRange(parser.Push(piece));
        }
        events.AddRange(parser.Complete());
        CheckInvariants(events);
        return ToolCallParseResult.Fold(events);
    }

    private static void CheckInvariants(List<ToolCallEvent> events)
    {
        var open = new Dictionary<int, (ToolCallStarted Start, StringBuilder Arguments)>();
        int nextIndex = 0;
        foreach (ToolCallEvent e in events)
        {
            switch (e)
            {
                case ContentDelta d:
                    Assert.NotEmpty(d.Text);
                    break;
                case ToolCallStarted s:
                    Assert.Equal(nextIndex++, s.Index);
                    Assert.Empty(open);
                    open[s.Index] = (s, new StringBuilder());
                    break;
                case ToolCallArgumentsDelta a:
                    Assert.NotEmpty(a.Fragment);
                    open[a.Index].Arguments.Append(a.Fragment);
                    break;
                case ToolCallFinished f:
                    (ToolCallStarted start, StringBuilder arguments) = open[f.Index];
                    Assert.Equal(start.Id, f.Call.Id);
                    Assert.Equal(start.Name, f.Call.Name);
                    Assert.Equal(arguments.ToString(), f.Call.Arguments);
                    using (var document = System.Text.Json.JsonDocument.Parse(f.Call.Arguments))
                    {
                        Assert.Equal(System.Text.Json.JsonValueKind.Object, document.RootElement.ValueKind);
                    }
                    open.Remove(f.Index);
                    break;
                case ToolCallFailed x:
                    Assert.True(open.Remove(x.Index));
                    break;
            }
        }
        Assert.Empty(open);
    }

    private static void AssertSame(ToolCallParseResult expected, ToolCallParseResult actual, string how)
    {
        Assert.True(expected.Content == actual.Content, $"{how}: content {Show(actual.Content)} != {Show(expected.Content)}");
        Assert.True(expected.ToolCalls.Count == actual.ToolCalls.Count, $"{how}: {actual.ToolCalls.Count} calls != {expected.ToolCalls.Count}");
        for (int i = 0; i < expected.ToolCalls.Count; i++)
        {
            Assert.True(expected.ToolCalls[i].Name == actual.ToolCalls[i].Name && expected.ToolCalls[i].Arguments == actual.ToolCalls[i].Arguments,
                $"{how}: call {i} {actual.ToolCalls[i]} != {expected.ToolCalls[i]}");
        }
        Assert.True(expected.Diagnostics.SequenceEqual(actual.Diagnostics),
            $"{how}: diagnostics [{string.Join("; ", actual.Diagnostics)}] != [{string.Join("; ", expected.Diagnostics)}]");
    }

    private static string Show(string? text) => text is null ? "null" : "\"" + text.Replace("\n", "\\n") + "\"";
}
