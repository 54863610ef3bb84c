using Workbench.Engine.Tests.TestSupport;
using Workbench.Engine.Tools;
using Workbench.Engine.Tools.Parsing;

namespace Workbench.Engine.Tests.Tools.Parsing;

public sealed class ToolCallFormatDetectorTests
{
    private static readonly string TemplateDirectory = Path.Combine(TestModels.RepoRoot, "..", "shared", "templates");

    [Theory]
    [InlineData("hermes3-tool-use.jinja", ToolCallFormat.Hermes)]
    [InlineData("qwen2.5-instruct.jinja", ToolCallFormat.Hermes)]
    [InlineData("qwen3.jinja", ToolCallFormat.Hermes)]
    [InlineData("qwen3-coder.jinja", ToolCallFormat.Qwen3Coder)]
    [InlineData("llama3.1-instruct.jinja", ToolCallFormat.Llama31)]
    [InlineData("llama3.2-instruct.jinja", ToolCallFormat.Llama31)]
    [InlineData("mistral-nemo.jinja", ToolCallFormat.Mistral)]
    [InlineData("mistral-small-3.2.jinja", ToolCallFormat.Mistral)]
    [InlineData("gemma3.jinja", null)]
    [InlineData("phi4-mini-instruct.jinja", null)]
    [InlineData("gemma4.jinja", null)]
    [InlineData("deepseek-r1-distill.jinja", null)]
    public void Detect_SharedTemplate_GivesItsFormat(string file, ToolCallFormat? expected) =>
        Assert.Equal(expected, ToolCallFormatDetector.Detect(File.ReadAllText(Path.Combine(TemplateDirectory, file))));

    [Fact]
    public void Detect_EveryTemplateInTheSharedFolder_IsCovered()
    {
        string[] files = Directory.GetFiles(TemplateDirectory, "*.jinja").Select(Path.GetFileName).ToArray()!;
        Assert.Equal(12, files.Length);
    }

    [Fact]
    public void Detect_NoTemplate_IsNull()
    {
        Assert.Null(ToolCallFormatDetector.Detect(null));
        Assert.Null(ToolCallFormatDetector.Detect(""));
    }

    [Fact]
    public void Formats_Table_HasEveryFormatWithItsVllmFlag()
    {
        Assert.Equal(Enum.GetValues<ToolCallFormat>(), ToolCallFormats.All.Select(i => i.Format));
        Assert.Equal(["hermes", "qwen3_coder", "llama3_json", "mistral"], ToolCallFormats.All.Select(i => i.VllmToolCallParser));
        foreach (ToolCallFormatInfo info in ToolCallFormats.All)
        {
            ToolCallParseResult example = ToolCallParser.Parse(info.Format, info.Example);
            Assert.Single(example.ToolCalls);
        }
    }
}
