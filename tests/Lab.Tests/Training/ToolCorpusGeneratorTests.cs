using System.Globalization;
using System.Text.Json.Nodes;
using Workbench.Lab.Tools.Builtin;
using Workbench.Lab.Training.Corpus;
using Workbench.Lab.Training.Evaluation;

namespace Workbench.Lab.Tests.Training;

public sealed class ToolCorpusGeneratorTests
{
    private static readonly IReadOnlyList<CorpusConversation> Train = new ToolCorpusGenerator(7).Generate(2500, CorpusSplit.Train);
    private static readonly IReadOnlyList<CorpusConversation> HeldOut = new ToolCorpusGenerator(7).Generate(600, CorpusSplit.HeldOut);

    [Fact]
    public void Generate_SameSeed_SameCorpus_AndShorterRunsArePrefixes()
    {
        var again = new ToolCorpusGenerator(7).Generate(300, CorpusSplit.Train);

        Assert.Equal(CorpusHash.Compute(Train.Take(300)), CorpusHash.Compute(again));
        Assert.NotEqual(CorpusHash.Compute(again), CorpusHash.Compute(new ToolCorpusGenerator(8).Generate(300, CorpusSplit.Train)));
        Assert.NotEqual(CorpusHash.Compute(again), CorpusHash.Compute(new ToolCorpusGenerator(7).Generate(300, CorpusSplit.HeldOut)));
    }

    [Fact]
    public void Generate_HeldOut_SharesNoUserMessageCityQueryNumberOrExpressionWithTrain()
    {
        var trainUsers = UserTexts(Train).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(UserTexts(HeldOut).Where(u => !IsFixedReply(u)), trainUsers.Contains);

        foreach (var key in new[] { "city", "query", "expression" })
        {
            var train = ArgumentValues(Train, key).Select(v => v.ToLowerInvariant()).ToHashSet();
            var held = ArgumentValues(HeldOut, key).Select(v => v.ToLowerInvariant()).ToHashSet();
            Assert.NotEmpty(held);
            Assert.Empty(held.Intersect(train));
        }
        var trainNumbers = Train.SelectMany(Numbers).ToHashSet();
        var heldNumbers = HeldOut.SelectMany(Numbers).ToHashSet();
        Assert.True(heldNumbers.Count > 30);
        Assert.Empty(heldNumbers.Intersect(trainNumbers));
        // The held-out cities include multi-word and accented names.
        var heldCities = ArgumentValues(HeldOut, "city").ToHashSet();
        Assert.Contains(heldCities, c => c.Contains(' '));
        Assert.Contains(heldCities, c => c.Any(ch => ch > 127));
    }

    [Fact]
    public void Generate_Train_MakesUpAboutHalfItsCitiesAndQueries_SoTheModelMustCopyThem()
    {
        // A value seen once cannot be memorized: the made-up share is what forces copying (the held-out split has
        // only real, unseen values, so it measures copying too).
        var realCities = Workbench.Lab.Training.Corpus.CorpusCities.All.Select(c => c.Name.ToLowerInvariant()).ToHashSet();
        var cities = ArgumentValues(Train, "city").Select(v => v.ToLowerInvariant()).ToList();
        double madeUp = cities.Count(c => !realCities.Contains(c)) / (double)cities.Count;
        Assert.InRange(madeUp, 0.4, 0.6);
        var queries = ArgumentValues(Train, "query").Select(v => v.ToLowerInvariant()).ToList();
        var listed = Workbench.Lab.Training.Corpus.CorpusVocabulary.SearchQueries.Select(q => q.ToLowerInvariant()).ToHashSet();
        Assert.InRange(queries.Count(q => !listed.Contains(q)) / (double)queries.Count, 0.4, 0.6);
        Assert.True(cities.Distinct().Count() > cities.Count / 3, $"{cities.Distinct().Count()} distinct of {cities.Count}");
        Assert.DoesNotContain(ArgumentValues(HeldOut, "city"), c => !realCities.Contains(c.ToLowerInvariant()));
    }

    [Fact]
    public void Generate_MixesCallsAndPlainReplies_OverEveryToolAndSubsets()
    {
        double calls = Train.Count(c => c.Expected.ExpectsCall) / (double)Train.Count;
        Assert.InRange(calls, 0.66, 0.74);
        Assert.Equal(BuiltinTools.Names.Order(), Train.Where(c => c.Expected.ExpectsCall).Select(c => c.Expected.ToolName!).Distinct().Order());
        Assert.All(Train, c => Assert.InRange(c.Tools.Count, 1, 5));
        Assert.Contains(Train, c => c.Tools.Count == 1);
        Assert.Contains(Train, c => c.Tools.Count == 5);
        Assert.Contains(Train, c => c.ToolNames[0] != BuiltinTools.Names[0] && c.Tools.Count == 5); // random order
        Assert.InRange(Train.Count(c => c.Messages.Count(m => (string?)m["role"] == "user") == 2) / (double)Train.Count, 0.1, 0.2);
        Assert.InRange(Train.Count(c => (string?)c.Messages[0]["role"] == "system") / (double)Train.Count, 0.5, 0.7);
        // A tool's task while that tool is not offered: a plain reply.
        Assert.Contains(Train, c => !c.Expected.ExpectsCall && !c.ToolNames.Contains("get_weather") && c.FirstUserText.Contains("weather", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Generate_ArgumentsAreWhatTheUserSaid()
    {
        foreach (var c in Train.Concat(HeldOut).Where(c => c.Expected.ExpectsCall))
        {
            var args = c.Expected.Arguments!;
            string user = c.FirstUserText;
            Assert.Contains(c.Expected.ToolName!, c.ToolNames);
            var call = c.Messages.First(m => (string?)m["role"] == "assistant")["tool_calls"]![0]!["function"]!;
            Assert.Equal(c.Expected.ToolName, (string?)call["name"]);
            Assert.True(JsonNode.DeepEquals(args, JsonNode.Parse((string)call["arguments"]!)));
            switch (c.Expected.ToolName)
            {
                case "get_weather":
                    Assert.Contains((string)args["city"]!, user, StringComparison.Ordinal);
                    bool namesUnit = new[] { "celsius", "fahrenheit", "°c", "°f", "centigrade" }.Any(u => user.Contains(u, StringComparison.OrdinalIgnoreCase));
                    Assert.Equal(namesUnit, args["unit"] is not null);
                    break;
                case "get_time":
                    Assert.Contains((string)args["city"]!, user, StringComparison.Ordinal);
                    break;
                case "search_files":
                    Assert.Contains((string)args["query"]!, user, StringComparison.Ordinal);
                    break;
                case "convert_units":
                    Assert.Contains(((decimal)args["value"]!).ToString(CultureInfo.InvariantCulture), user, StringComparison.Ordinal);
                    break;
                case "calculate":
                    string expression = (string)args["expression"]!;
                    Assert.NotNull(ToolCallArgumentComparer.Evaluate(expression));
                    Assert.All(Numbers(expression), n => Assert.True(user.Contains(n, StringComparison.Ordinal) || n is "2" or "3" or "100", $"{n} of '{expression}' is not in '{user}'"));
                    break;
            }
        }
    }

    [Fact]
    public void ToolDefinitions_AreTheBuiltinToolsOwnSchemas()
    {
        var builtins = new BuiltinTools(Path.GetTempPath());
        var definitions = ToolCorpusGenerator.ToolDefinitions();

        Assert.Equal(BuiltinTools.Names, definitions.Select(d => (string)d["function"]!["name"]!));
        foreach (var d in definitions)
        {
            var tool = builtins.Find((string)d["function"]!["name"]!)!;
            Assert.Equal("function", (string?)d["type"]);
            Assert.Equal(tool.Description, (string?)d["function"]!["description"]);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(tool.JsonSchema.GetRawText()), d["function"]!["parameters"]));
        }
    }

    [Fact]
    public void Generate_EveryConversation_PassesTheJsonlValidation()
    {
        var read = CorpusJsonl.Read(new StringReader(CorpusJsonl.ToText(Train.Concat(HeldOut))));
        Assert.Equal(3100, read.Count);
    }

    [Fact]
    public void Generate_BadArguments_Throw()
    {
        var generator = new ToolCorpusGenerator(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => generator.Generate(-1, CorpusSplit.Train));
        Assert.Throws<ArgumentOutOfRangeException>(() => generator.Generate(1, (CorpusSplit)7));
        Assert.Empty(generator.Generate(0, CorpusSplit.HeldOut));
    }

    // Second-turn thanks and city follow-ups are fixed short phrases shared by both splits.
    private static bool IsFixedReply(string user) =>
        CorpusPhrasings.Thanks.Any(t => t.User == user) || user.StartsWith("And in ", StringComparison.Ordinal) || user.StartsWith("What about ", StringComparison.Ordinal)
        || user.StartsWith("How about ", StringComparison.Ordinal) || user.StartsWith("and ", StringComparison.Ordinal) || user.StartsWith("Same for ", StringComparison.Ordinal);

    private static IEnumerable<string> UserTexts(IEnumerable<CorpusConversation> corpus) =>
        corpus.SelectMany(c => c.Messages).Where(m => (string?)m["role"] == "user").Select(m => (string)m["content"]!);

    private static IEnumerable<string> ArgumentValues(IEnumerable<CorpusConversation> corpus, string key) =>
        corpus.SelectMany(c => c.Messages).Where(m => m["tool_calls"] is not null)
            .Select(m => JsonNode.Parse((string)m["tool_calls"]![0]!["function"]!["arguments"]!)![key])
            .Where(v => v is not null).Select(v => (string)v!);

    private static IEnumerable<string> Numbers(CorpusConversation c) =>
        c.Messages.Where(m => m["tool_calls"] is not null)
            .Select(m => JsonNode.Parse((string)m["tool_calls"]![0]!["function"]!["arguments"]!)!.AsObject())
            .SelectMany(a => a["value"] is { } v ? [v.ToJsonString()] : a["expression"] is { } e ? Numbers((string)e!).Where(n => n.Length > 1) : []);

    private static IEnumerable<string> Numbers(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"-?\d+(\.\d+)?").Select(m => m.Value);
}

public sealed class CorpusUnitConverterTests
{
    [Fact]
    public void Convert_EqualsTheRealTool_OnEveryUnitPairOfTheCorpus()
    {
        var tool = ToolCorpusGenerator.Tool(UnitConversionTool.ToolName);
        var pairs = CorpusPools.For(CorpusSplit.Train).UnitPairs.Concat(CorpusPools.For(CorpusSplit.HeldOut).UnitPairs).ToList();
        Assert.True(pairs.Count > 60);
        foreach (var (from, to) in pairs)
        {
            foreach (decimal value in new[] { -40m, 12.5m, 98765m })
            {
                var args = new JsonObject { ["value"] = value, ["from_unit"] = from.Symbol, ["to_unit"] = to.Symbol };
                Assert.Equal(tool.Run(args), CorpusUnitConverter.Convert(args));
            }
        }
    }
}
