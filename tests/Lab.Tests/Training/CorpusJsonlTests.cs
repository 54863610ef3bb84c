using System.Security.Cryptography;
using System.Text;
using Workbench.Lab.Training.Corpus;

namespace Workbench.Lab.Tests.Training;

public sealed class CorpusJsonlTests
{
    private const string Tools = """[{"type":"function","function":{"name":"get_time","parameters":{"type":"object"}}}]""";

    [Fact]
    public void WriteRead_RoundTrip_IsByteIdentical_AndHashIsSha256OfTheText()
    {
        var corpus = new ToolCorpusGenerator(3).Generate(200, CorpusSplit.Train);
        string text = CorpusJsonl.ToText(corpus);

        var read = CorpusJsonl.Read(new StringReader(text));

        Assert.Equal(text, CorpusJsonl.ToText(read));
        Assert.Equal(200, text.Count(ch => ch == '\n'));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))), CorpusHash.Compute(corpus));
        Assert.Equal(CorpusHash.Compute(corpus), CorpusHash.Compute(read));
        Assert.All(corpus.Zip(read), p => Assert.Equal(p.First.Expected.ToolName, p.Second.Expected.ToolName));
    }

    [Fact]
    public void Read_WithoutExpected_TakesTheFirstAssistantTurn()
    {
        string line = """{"tools":TOOLS,"messages":[{"role":"user","content":"time in Oslo"},{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"get_time","arguments":"{\"city\":\"Oslo\"}"}}]},{"role":"tool","tool_call_id":"c1","content":"{}"},{"role":"assistant","content":"It's noon."}]}""".Replace("TOOLS", Tools, StringComparison.Ordinal);

        var c = Assert.Single(CorpusJsonl.Read(new StringReader("\n" + line + "\n")));

        Assert.Equal("get_time", c.Expected.ToolName);
        Assert.Equal("Oslo", (string?)c.Expected.Arguments!["city"]);
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("[1]", "not a JSON object")]
    [InlineData("""{"tools":[],"messages":[{"role":"wizard","content":"x"}]}""", "role 'wizard'")]
    [InlineData("""{"tools":[],"messages":[{"role":"user","content":"x"},{"role":"system","content":"late"}]}""", "system message may only come first")]
    [InlineData("""{"tools":[],"messages":[{"role":"user","content":"x"}]}""", "no assistant message")]
    [InlineData("""{"tools":[],"messages":[{"role":"user","content":5},{"role":"assistant","content":"y"}]}""", "messages[0].content must be a string")]
    [InlineData("""{"tools":TOOLS,"messages":[{"role":"user","content":"x"},{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"rm_rf","arguments":"{}"}}]}]}""", "'rm_rf', which is not among the offered tools")]
    [InlineData("""{"tools":TOOLS,"messages":[{"role":"user","content":"x"},{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"get_time","arguments":"{city"}}]}]}""", "arguments is not JSON")]
    [InlineData("""{"tools":TOOLS,"messages":[{"role":"user","content":"x"},{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"get_time","arguments":"[1]"}}]}]}""", "must encode a JSON object")]
    [InlineData("""{"tools":TOOLS,"messages":[{"role":"user","content":"x"},{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"custom","function":{"name":"get_time","arguments":"{}"}}]}]}""", "type must be \"function\"")]
    [InlineData("""{"tools":TOOLS,"messages":[{"role":"user","content":"x"},{"role":"assistant","content":"y"},{"role":"tool","tool_call_id":"c","content":"r"}]}""", "answers no call")]
    [InlineData("""{"tools":TOOLS,"messages":[{"role":"user","content":"x"},{"role":"assistant","content":"y"}],"expected":{"tool":"get_weather","arguments":{}}}""", "expected.tool 'get_weather' is not among the offered tools")]
    public void Read_BadLine_ThrowsFormatException_NamingTheLineAndTheProblem(string bad, string problem)
    {
        string good = """{"tools":[],"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}""";
        string text = good + "\n" + good + "\n" + bad.Replace("TOOLS", Tools, StringComparison.Ordinal) + "\n";

        var e = Assert.Throws<FormatException>(() => CorpusJsonl.Read(new StringReader(text)));

        Assert.StartsWith("line 3: ", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Read_HugeLine_IsRefused()
    {
        var e = Assert.Throws<FormatException>(() => CorpusJsonl.Read(new StringReader(new string('x', CorpusJsonl.MaxLineLength + 1))));
        Assert.Contains("line 1: the line has", e.Message);
    }
}
