using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Lab.Tools.Builtin;

namespace Workbench.Lab.Training.Corpus;

/// <summary>
/// Generates the seeded, reproducible tool-calling corpus (issue 15) over exactly the lab's built-in tools
/// (<see cref="BuiltinTools"/>: <c>get_weather</c>, <c>get_time</c>, <c>calculate</c>, <c>convert_units</c>,
/// <c>search_files</c>), with the names, descriptions and schemas the modules send.
/// </summary>
/// <remarks>
/// <para>Each conversation offers a non-empty random subset of the five tools in random order, an optional system
/// message and a user turn; then, in about <see cref="ToolCallShare"/> of the conversations, one tool call whose
/// arguments are exactly what the user said (cities and queries copied as written, numbers copied, units normalized
/// to the tool's vocabulary, <c>unit</c> only when the user named one, an arithmetic expression of the user's
/// numbers), the tool's result and a short answer that uses it; otherwise a plain reply (small talk, a fact, or a
/// tool's task while that tool is not offered). About <see cref="SecondTurnShare"/> have a second user turn.</para>
/// <para>Results: <c>get_weather</c>, <c>calculate</c> and <c>convert_units</c> are the real tools' results
/// (deterministic); <c>get_time</c> and <c>search_files</c> are simulated in the tools' own result shapes (a seeded
/// instant in the city's IANA zone; <c>path:line: text</c> lines).</para>
/// <para>Reproducibility: conversation <c>i</c> of a split depends only on (seed, split, i), so
/// <c>Generate(n)</c> is a prefix of <c>Generate(m)</c> for n ≤ m. <see cref="CorpusSplit.HeldOut"/> draws from
/// pools disjoint from <see cref="CorpusSplit.Train"/>'s (<see cref="CorpusPool.IsHeldOut"/>).</para>
/// </remarks>
public sealed partial class ToolCorpusGenerator
{
    /// <summary>The share of conversations whose first assistant turn calls a tool (the rest are plain replies).</summary>
    public const double ToolCallShare = 0.7;

    /// <summary>The share of conversations with a second user turn.</summary>
    public const double SecondTurnShare = 0.15;

    /// <summary>The most conversations one <see cref="Generate"/> call makes.</summary>
    public const int MaxCount = 2_000_000;

    internal static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly BuiltinTools Builtins = new(searchRoot: Path.GetTempPath());

    /// <summary>Creates a generator.</summary>
    /// <param name="seed">Any integer; the same seed gives the same corpus.</param>
    public ToolCorpusGenerator(int seed) => Seed = seed;

    /// <summary>The seed.</summary>
    public int Seed { get; }

    /// <summary>The OpenAI <c>tools</c> entries of the five built-in tools, in <see cref="BuiltinTools.Names"/>
    /// order: <c>{"type": "function", "function": {"name", "description", "parameters"}}</c> from each tool's
    /// <c>Name</c>, <c>Description</c> and <c>JsonSchema</c>. A fresh copy on every call.</summary>
    public static IReadOnlyList<JsonObject> ToolDefinitions() => Builtins.All.Select(ToolDefinition).ToList();

    /// <summary>Makes <paramref name="count"/> conversations from <paramref name="split"/>'s pools.</summary>
    /// <param name="count">How many, 0 to <see cref="MaxCount"/>.</param>
    /// <param name="split">Which pools to draw from.</param>
    /// <returns>The conversations, in order; each one's JSON objects are its own.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is out of range or
    /// <paramref name="split"/> is not a defined value.</exception>
    public IReadOnlyList<CorpusConversation> Generate(int count, CorpusSplit split)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);
        if (!Enum.IsDefined(split)) throw new ArgumentOutOfRangeException(nameof(split), split, "Unknown corpus split.");
        var pools = CorpusPools.For(split);
        var result = new CorpusConversation[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Min(4, Environment.ProcessorCount) },
            i => result[i] = One(new Random(ConversationSeed(Seed, split, i)), pools));
        return result;
    }

    private static int ConversationSeed(int seed, CorpusSplit split, int index) =>
        (int)CorpusPool.Fnv1a(FormattableString.Invariant($"{seed}/{(int)split}/{index}"));

    private static JsonObject ToolDefinition(Microsoft.Extensions.AI.AIFunction tool) => new()
    {
        ["type"] = "function",
        ["function"] = new JsonObject
        {
            ["name"] = tool.Name,
            ["description"] = tool.Description,
            ["parameters"] = JsonNode.Parse(tool.JsonSchema.GetRawText()),
        },
    };

    private CorpusConversation One(Random random, CorpusPools pools)
    {
        var messages = new List<JsonObject>();
        if (random.Chance(0.6)) messages.Add(Message("system", random.Pick(pools.SystemPrompts)));
        var names = BuiltinTools.Names;
        List<string> offered;
        CorpusExpectation expected;
        ToolRequest? first = null;
        if (random.Chance(ToolCallShare))
        {
            first = NewRequest(random, pools, random.Pick(names));
            offered = Offer(random, names.Where(n => n != first.Tool), mustInclude: first.Tool);
            expected = new CorpusExpectation(first.Tool, (JsonObject)first.Arguments.DeepClone());
            AddCall(random, pools, messages, first);
        }
        else
        {
            double kind = random.NextDouble();
            if (kind < 0.4)
            {
                var missing = random.Pick(names);
                var request = NewRequest(random, pools, missing);
                offered = Offer(random, names.Where(n => n != missing), mustInclude: null);
                messages.Add(Message("user", request.Text));
                messages.Add(Message("assistant", random.Pick(CorpusPhrasings.Unavailable[missing])));
            }
            else
            {
                var (user, reply) = random.Pick(kind < 0.75 ? pools.SmallTalk : pools.Facts);
                offered = Offer(random, names, mustInclude: null);
                messages.Add(Message("user", Style(random, pools, user)));
                messages.Add(Message("assistant", reply));
            }
            expected = CorpusExpectation.NoCall;
        }

        if (random.Chance(SecondTurnShare)) SecondTurn(random, pools, messages, offered, first);
        var byName = ToolDefinitions().ToDictionary(t => (string)t["function"]!["name"]!);
        return new CorpusConversation(offered.Select(n => byName[n]).ToList(), messages, expected);
    }

    private void SecondTurn(Random random, CorpusPools pools, List<JsonObject> messages, List<string> offered, ToolRequest? first)
    {
        double kind = random.NextDouble();
        if (first is not null && kind < 0.4)
        {
            var (user, reply) = random.Pick(CorpusPhrasings.Thanks);
            messages.Add(Message("user", user));
            messages.Add(Message("assistant", reply));
        }
        else if (first is { Tool: WeatherTool.ToolName or TimeTool.ToolName } && kind < 0.7)
        {
            string city = random.Pick(pools.Cities).Name;
            var arguments = (JsonObject)first.Arguments.DeepClone();
            arguments["city"] = city;
            AddCall(random, pools, messages, new ToolRequest(first.Tool, random.Pick(CorpusPhrasings.CityFollowUps).Replace("{city}", city, StringComparison.Ordinal), arguments));
        }
        else
        {
            AddCall(random, pools, messages, NewRequest(random, pools, random.Pick(offered)));
        }
    }

    private static List<string> Offer(Random random, IEnumerable<string> others, string? mustInclude)
    {
        var list = others.Where(_ => random.Chance(0.5)).ToList();
        if (mustInclude is not null) list.Add(mustInclude);
        if (list.Count == 0) list.Add(random.Pick(others.ToList()));
        for (int i = list.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }

    private void AddCall(Random random, CorpusPools pools, List<JsonObject> messages, ToolRequest request)
    {
        string id = "call_" + string.Concat(Enumerable.Range(0, 8).Select(_ => "abcdefghijklmnopqrstuvwxyz0123456789"[random.Next(36)]));
        messages.Add(Message("user", request.Text));
        messages.Add(new JsonObject
        {
            ["role"] = "assistant",
            ["content"] = null,
            ["tool_calls"] = new JsonArray(new JsonObject
            {
                ["id"] = id,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = request.Tool, ["arguments"] = request.Arguments.ToJsonString(Json) },
            }),
        });
        var (result, answer) = CorpusToolResults.Run(random, pools, request);
        messages.Add(new JsonObject { ["role"] = "tool", ["tool_call_id"] = id, ["content"] = result });
        messages.Add(Message("assistant", answer));
    }

    internal static JsonObject Message(string role, string content) => new() { ["role"] = role, ["content"] = content };

    internal static AIFunctionRunner Tool(string name) => new(Builtins.Find(name)!);
}

/// <summary>A request the user makes of one tool: their text and the arguments that fit it exactly.</summary>
internal sealed record ToolRequest(string Tool, string Text, JsonObject Arguments);
