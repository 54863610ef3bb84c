using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Engine.Tools;
using Workbench.Engine.Tools.Parsing;

namespace Workbench.Engine.Tests.Tools.Parsing;

/// <summary>Runs the cases of ThirdParty/*.json (see its SOURCES.md): each model output, one-shot and at every cut
/// point, gives the expected calls (names, arguments compared as JSON) and content (compared trimmed).</summary>
public sealed class ThirdPartyCasesTests
{
    private static readonly string Folder = Path.Combine(TestModels.RepoRoot, "tests", "Engine.Tests", "Tools", "Parsing", "ThirdParty");

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string file in Directory.GetFiles(Folder, "*.json").Order())
        {
            JsonNode root = JsonNode.Parse(File.ReadAllText(file))!;
            foreach (JsonNode? c in root["cases"]!.AsArray())
            {
                data.Add(Path.GetFileName(file), c!["name"]!.GetValue<string>());
            }
        }
        return data;
    }

    [Fact]
    public void Cases_AtLeastTwentyFive_FromEveryFormat()
    {
        Assert.True(Cases().Count >= 25);
        Assert.Equal(7, Directory.GetFiles(Folder, "*.json").Length);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_ThirdPartyCase_GivesTheExpectedCallsAndContent(string file, string name)
    {
        JsonNode root = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, file)))!;
        JsonNode c = root["cases"]!.AsArray().First(n => n!["name"]!.GetValue<string>() == name)!;
        var format = Enum.Parse<ToolCallFormat>(root["format"]!.GetValue<string>());
        List<ToolDefinition>? tools = c["tools"]?.AsArray()
            .Select(t => ParsingTestTools.Tool(t!["name"]!.GetValue<string>(), t["parameters"]!.ToJsonString())).ToList();

        ToolCallParseResult result = StreamingEquivalence.Check(format, c["text"]!.GetValue<string>(), tools);

        JsonArray expected = c["calls"]!.AsArray();
        Assert.Equal(expected.Select(e => e!["name"]!.GetValue<string>()), result.ToolCalls.Select(t => t.Name));
        for (int i = 0; i < expected.Count; i++)
        {
            JsonNode actual = JsonNode.Parse(result.ToolCalls[i].Arguments)!;
            Assert.True(JsonNode.DeepEquals(expected[i]!["arguments"], actual), $"call {i}: {result.ToolCalls[i].Arguments} != {expected[i]!["arguments"]!.ToJsonString()}");
        }
        string? content = c["content"]?.GetValue<string>();
        Assert.Equal(content?.Trim(), result.Content?.Trim());
    }
}
