// Hidden checks of lab 02 "sliding-window". Compiled alone and run in the grading process, never in the sandbox and
// never served to students. Each check builds hidden histories whose token counts it chooses, sends each with a
// budget to the harness operation "sliding-window" (Solution.SlidingWindow in the sandbox, with a counter that
// knows every message by reference) and compares the kept messages, by index, with the expected window. No model
// is involved: the reducer is pure code.
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Workbench.LabSdk;

namespace Workbench.Labs.ChatHistory;

public static class SlidingWindowChecks
{
    [Check("keeps-system-prompt")]
    public static async Task KeepsSystemPrompt(CheckContext context)
    {
        var history = new History().System(30).User(10).Assistant(40).User(10).Assistant(40).User(10);
        // The system prompt's 30 tokens count: only the newest user message fits beside it.
        await ExpectAsync(context, history, 70, [0, 5], "The system prompt counts against the budget");
        await ExpectAsync(context, history, 40, [0, 5], "A budget exactly as large as the system prompt plus the newest message");
        await ExpectAsync(context, history, 200, [0, 1, 2, 3, 4, 5], "A budget that holds the whole conversation");
    }

    [Check("newest-within-budget")]
    public static async Task NewestWithinBudget(CheckContext context)
    {
        var history = new History().System(20).User(10).Assistant(30).User(10).Assistant(30).User(10);
        await ExpectAsync(context, history, 80, [0, 3, 4, 5], "Keep the newest messages that fit");
        await ExpectAsync(context, history, 100, [0, 2, 3, 4, 5], "A total exactly equal to the budget fits (at most tokenBudget)");
        await ExpectAsync(context, history, 110, [0, 1, 2, 3, 4, 5], "Everything fits");
        var noSystem = new History().User(10).Assistant(30).User(10).Assistant(30).User(10);
        await ExpectAsync(context, noSystem, 55, [2, 3, 4], "A conversation without a system prompt");
    }

    [Check("tool-call-pairs")]
    public static async Task ToolCallPairs(CheckContext context)
    {
        var weather = new History().System(20).User(10).Call(15, "call_1").Result(25, "call_1").Assistant(20).User(10);
        await ExpectAsync(context, weather, 75, [0, 4, 5], "The tool result alone would fit, but not with the call that asked for it");
        await ExpectAsync(context, weather, 60, [0, 4, 5], "The tool-call group does not fit");
        await ExpectAsync(context, weather, 90, [0, 2, 3, 4, 5], "The tool-call group fits whole");

        var parallel = new History().System(20).User(10).Call(15, "call_a", "call_b").Result(20, "call_a").Result(20, "call_b").Assistant(10).User(10);
        await ExpectAsync(context, parallel, 80, [0, 5, 6], "Two parallel calls: one result alone would fit, the whole group does not");
        await ExpectAsync(context, parallel, 95, [0, 2, 3, 4, 5, 6], "Two parallel calls: the call and both results fit");

        var pending = new History().System(20).User(10).Assistant(20).User(10).Call(10, "call_9").Result(30, "call_9");
        await ExpectAsync(context, pending, 75, [0, 3, 4, 5], "The newest messages are a tool call and its result");
    }

    [Check("over-long-message")]
    public static async Task OverLongMessage(CheckContext context)
    {
        var middle = new History().System(20).User(10).Assistant(10).User(400).Assistant(10).User(10);
        await ExpectAsync(context, middle, 100, [0, 4, 5], "An over-long message in the middle ends the window: nothing older is kept");

        await ExpectThrowsAsync(context, new History().System(20).User(10).Assistant(10).User(600), 100, "The newest message alone is longer than the budget");
        await ExpectThrowsAsync(context, new History().System(20).User(10).Call(10, "call_1").Result(500, "call_1"), 200, "The newest tool-call group does not fit");
        await ExpectThrowsAsync(context, new History().System(300).User(10), 200, "The system prompt alone is longer than the budget");
    }

    [Check("random-histories")]
    public static async Task RandomHistories(CheckContext context)
    {
        var random = new Random(context.Seed);
        for (var n = 0; n < 60; n++)
        {
            var history = Generate(random);
            var budget = random.Next(60, 500);
            var expected = Reference(history, budget);
            if (expected is null) await ExpectThrowsAsync(context, history, budget, $"Generated history {n + 1}");
            else await ExpectAsync(context, history, budget, expected, $"Generated history {n + 1}");
        }
    }

    /// <summary>Runs the student's reducer and compares the kept messages (by index) with the expected indexes.</summary>
    private static async Task ExpectAsync(CheckContext context, History history, int budget, int[] expected, string what)
    {
        var actual = await RunAsync(context, history, budget)
            ?? throw new CheckFailedException($"{what}: SlidingWindow returned null.");
        if (actual.Contains(-1))
        {
            throw new CheckFailedException($"{what}: SlidingWindow returned a message that is not in the history. " +
                "Return the same ChatMessage objects you were given, not copies.");
        }
        if (!actual.SequenceEqual(expected))
        {
            throw new CheckFailedException(
                $"{what}: with a budget of {budget} tokens, SlidingWindow kept {Format(actual)}; expected {Format(expected)}. " +
                $"History (index role tokens): {history}.");
        }
    }

    private static async Task ExpectThrowsAsync(CheckContext context, History history, int budget, string what)
    {
        List<int>? kept;
        try
        {
            kept = await RunAsync(context, history, budget);
        }
        catch (StudentCodeException e) when (e.ExceptionType == "ContextWindowExceededException")
        {
            return;
        }
        catch (StudentCodeException e) when (e.ExceptionType != "NotImplementedException")
        {
            throw new CheckFailedException($"{what}: SlidingWindow threw {e.ExceptionType} ({e.StudentMessage}); expected a ContextWindowExceededException. History: {history}; budget {budget}.");
        }
        var count = kept?.Count.ToString() ?? "null instead of";
        throw new CheckFailedException(
            $"{what} (budget {budget} tokens; history: {history}): SlidingWindow returned {count} messages. The newest message cannot be " +
            "sent within the budget, so throw ContextWindowExceededException: going past the context window is never silent.");
    }

    /// <summary>The kept messages' indexes (-1 for a message not in the history), or null when SlidingWindow returned null.</summary>
    private static async Task<List<int>?> RunAsync(CheckContext context, History history, int budget)
    {
        var output = await context.CallAsync("sliding-window", new JsonObject { ["budget"] = budget, ["messages"] = history.ToJson() });
        return output?["kept"] is JsonArray kept ? [.. kept.Select(i => (int)i!)] : null;
    }

    private static string Format(IEnumerable<int> indexes) =>
        indexes.Any() ? "messages " + string.Join(", ", indexes.Select(i => $"#{i}")) : "no messages";

    /// <summary>A random history: a system prompt, then turns with occasional tool-call groups (one to three calls)
    /// and occasional over-long messages.</summary>
    private static History Generate(Random random)
    {
        var history = new History();
        if (random.Next(5) > 0) history.System(random.Next(10, 60));
        var turns = random.Next(3, 10);
        var call = 0;
        for (var t = 0; t < turns; t++)
        {
            history.User(Size(random));
            if (random.Next(3) == 0)
            {
                var ids = Enumerable.Range(0, random.Next(1, 4)).Select(_ => $"call_{++call}").ToArray();
                history.Call(random.Next(8, 30), ids);
                foreach (var id in ids) history.Result(Size(random), id);
            }
            if (t < turns - 1 || random.Next(2) == 0) history.Assistant(Size(random));
        }
        return history;
    }

    private static int Size(Random random) => random.Next(12) == 0 ? random.Next(300, 700) : random.Next(5, 90);

    /// <summary>The expected window as indexes, or null when the reducer must throw. Groups the conversation
    /// front to back into units (a message, or a tool call with the results that follow it), then keeps units
    /// from the newest while the total stays within the budget.</summary>
    private static int[]? Reference(History history, int budget)
    {
        var messages = history.Messages;
        var used = messages.Where(m => m.Role == ChatRole.System).Sum(history.Count);
        var units = new List<(int Start, int End)>();
        for (var i = 0; i < messages.Count;)
        {
            if (messages[i].Role == ChatRole.System) { i++; continue; }
            var end = i + 1;
            if (messages[i].Contents.OfType<FunctionCallContent>().Any())
            {
                while (end < messages.Count && messages[end].Role == ChatRole.Tool) end++;
            }
            units.Add((i, end));
            i = end;
        }
        var kept = messages.Select(m => m.Role == ChatRole.System).ToArray();
        var keptUnits = 0;
        for (var u = units.Count - 1; u >= 0; u--)
        {
            var (start, end) = units[u];
            var cost = Enumerable.Range(start, end - start).Sum(i => history.Count(messages[i]));
            if (used + cost > budget) break;
            used += cost;
            keptUnits++;
            for (var i = start; i < end; i++) kept[i] = true;
        }
        if (units.Count > 0 ? keptUnits == 0 : used > budget) return null;
        return Enumerable.Range(0, messages.Count).Where(i => kept[i]).ToArray();
    }

    /// <summary>A hidden history and its token counts (known by reference, so copies are detected).</summary>
    private sealed class History
    {
        private readonly Dictionary<ChatMessage, int> _tokens = new(ReferenceEqualityComparer.Instance);

        public List<ChatMessage> Messages { get; } = [];

        public History System(int tokens) => Add(new ChatMessage(ChatRole.System, "You are a helpful assistant who tells short stories."), tokens);

        public History User(int tokens) => Add(new ChatMessage(ChatRole.User, $"Please tell me more about the cat, part {Messages.Count}."), tokens);

        public History Assistant(int tokens) => Add(new ChatMessage(ChatRole.Assistant, $"Once upon a time there was a cat, part {Messages.Count}."), tokens);

        public History Call(int tokens, params string[] callIds) =>
            Add(new ChatMessage(ChatRole.Assistant, [.. callIds.Select(id => (AIContent)new FunctionCallContent(id, "get_weather",
                new Dictionary<string, object?> { ["city"] = "Paris" }))]), tokens);

        public History Result(int tokens, string callId) =>
            Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(callId, "sunny, 21 degrees")]), tokens);

        /// <summary>A message's token count.</summary>
        public int Count(ChatMessage message) => _tokens[message];

        /// <summary>The history as the harness reads it: role, text or calls or result, token count.</summary>
        public JsonArray ToJson() => new([.. Messages.Select(m =>
        {
            var item = new JsonObject { ["role"] = m.Role.Value, ["tokens"] = _tokens[m] };
            var calls = m.Contents.OfType<FunctionCallContent>().Select(c => (JsonNode)c.CallId).ToArray();
            var result = m.Contents.OfType<FunctionResultContent>().FirstOrDefault();
            if (calls.Length > 0) item["calls"] = new JsonArray(calls);
            else if (result is not null) item["result"] = result.CallId;
            else item["text"] = m.Text;
            return (JsonNode)item;
        })]);

        public override string ToString() =>
            string.Join(", ", Messages.Select((m, i) => $"#{i} {Describe(m)} {_tokens[m]}"));

        private static string Describe(ChatMessage message)
        {
            var calls = message.Contents.OfType<FunctionCallContent>().Select(c => c.CallId).ToList();
            if (calls.Count > 0) return $"assistant(calls {string.Join(" ", calls)})";
            var result = message.Contents.OfType<FunctionResultContent>().FirstOrDefault();
            return result is null ? message.Role.Value : $"tool(result {result.CallId})";
        }

        private History Add(ChatMessage message, int tokens)
        {
            Messages.Add(message);
            _tokens[message] = tokens;
            return this;
        }
    }
}
