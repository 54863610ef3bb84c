using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Workbench.Lab.Content;
using Workbench.Lab.Mcp.Server;
using Workbench.Lab.Tools.Builtin;

namespace Workbench.Web.Tests.Mcp;

/// <summary>The lab's MCP primitives through a real MCP client, over stdio from the real executable
/// (<c>Workbench.Web --mcp-stdio</c>).</summary>
public sealed class LabMcpPrimitivesTests(StdioWorkbenchServer server) : IClassFixture<StdioWorkbenchServer>
{
    private static readonly IReadOnlyList<LabDefinition> Labs = LabCatalogLoader.Load(StdioWorkbenchServer.LabsDirectory, LabWidgets.Names);

    [Fact]
    public void Initialize_ServerInfo_NamesTheWorkbench()
    {
        Assert.Equal(LabMcpServerBuilderExtensions.ServerName, server.Client.ServerInfo!.Name);
        Assert.NotNull(server.Client.ServerCapabilities.Tools);
        Assert.NotNull(server.Client.ServerCapabilities.Resources);
        Assert.NotNull(server.Client.ServerCapabilities.Prompts);
    }

    [Fact]
    public async Task ListTools_EveryBuiltinTool_HasDescriptionAndObjectSchema()
    {
        var tools = await server.Client.ListToolsAsync();
        Assert.Equal(BuiltinTools.Names, tools.Select(t => t.Name));
        foreach (var tool in tools)
        {
            Assert.False(string.IsNullOrWhiteSpace(tool.Description));
            Assert.Equal("object", tool.JsonSchema.GetProperty("type").GetString());
            Assert.Equal(JsonValueKind.Object, tool.JsonSchema.GetProperty("properties").ValueKind);
        }
        var weather = tools.Single(t => t.Name == "get_weather").JsonSchema;
        Assert.Equal("city", weather.GetProperty("required")[0].GetString());
    }

    [Fact]
    public async Task CallTool_Calculate_ReturnsTheValue()
    {
        var result = await server.Client.CallToolAsync("calculate", new Dictionary<string, object?> { ["expression"] = "2 + 3 * 4" });
        Assert.NotEqual(true, result.IsError);
        Assert.Equal("14", Text(result));
    }

    [Fact]
    public async Task CallTool_ToolException_IsErrorResultWithItsMessage()
    {
        var result = await server.Client.CallToolAsync("calculate", new Dictionary<string, object?> { ["expression"] = "2 +* 3" });
        Assert.True(result.IsError);
        Assert.Contains("'2 +* 3' is not a valid expression", Text(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallTool_ArgumentsFailTheSchema_IsErrorResultNamingTheField()
    {
        var result = await server.Client.CallToolAsync("get_weather", new Dictionary<string, object?> { ["unit"] = "kelvin" });
        Assert.True(result.IsError);
        Assert.Contains("Invalid arguments for 'get_weather'", Text(result), StringComparison.Ordinal);
        Assert.Contains("city", Text(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallTool_UnknownTool_IsJsonRpcError()
    {
        var error = await Assert.ThrowsAnyAsync<McpException>(() => server.Client.CallToolAsync("rm_rf", new Dictionary<string, object?>()).AsTask());
        Assert.Contains("rm_rf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListResources_OnePerLab_AsMarkdown()
    {
        var resources = await server.Client.ListResourcesAsync();
        Assert.Equal(Labs.Select(l => $"lab://{l.Id}"), resources.Select(r => r.Uri));
        Assert.All(resources, r => Assert.Equal("text/markdown", r.MimeType));
    }

    [Fact]
    public async Task ReadResource_EveryLab_HasItsVisibleTextAndNoHiddenContent()
    {
        foreach (var lab in Labs)
        {
            var read = await server.Client.ReadResourceAsync($"lab://{lab.Id}");
            var text = Assert.IsType<TextResourceContents>(Assert.Single(read.Contents)).Text;
            Assert.Contains(lab.Summary, text, StringComparison.Ordinal);
            foreach (var exercise in lab.Exercises) Assert.Contains($"Exercise: {exercise.Title}", text, StringComparison.Ordinal);

            var visible = await VisibleTextAsync(lab);
            foreach (var hidden in await HiddenLinesAsync(lab))
            {
                if (!visible.Contains(hidden, StringComparison.Ordinal)) Assert.DoesNotContain(hidden, text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task ReadResource_QuizLab_ShowsQuestionsButNotExplanations()
    {
        var lab = Labs.Single(l => l.Id == "05-tool-calling");
        var quiz = lab.Exercises.Single(e => e.Kind == ExerciseKind.Quiz);
        var text = ((TextResourceContents)(await server.Client.ReadResourceAsync("lab://05-tool-calling")).Contents[0]).Text;
        var question = quiz.Questions[0];
        Assert.Contains(question.Options[0], text, StringComparison.Ordinal);
        // The longest run of text between two tags of the explanation, as it would read if it leaked.
        var explanation = Regex.Split(question.ExplanationHtml!, "<[^>]*>").Select(t => WebUtility.HtmlDecode(t).Trim()).MaxBy(t => t.Length)!;
        Assert.True(explanation.Length > 20, explanation);
        Assert.DoesNotContain(explanation, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadResource_UnknownLab_IsJsonRpcError()
    {
        await Assert.ThrowsAnyAsync<McpException>(() => server.Client.ReadResourceAsync("lab://99-nothing").AsTask());
    }

    [Fact]
    public async Task ListPrompts_TwoPromptsWithRequiredArguments()
    {
        var prompts = await server.Client.ListPromptsAsync();
        Assert.Equal([LabMcpPrimitives.ExplainToolCallPrompt, LabMcpPrimitives.LabHelpPrompt], prompts.Select(p => p.Name).Order());
        Assert.All(prompts, p => Assert.True(Assert.Single(p.ProtocolPrompt.Arguments!).Required));
    }

    [Fact]
    public async Task GetPrompt_LabHelp_NamesTheLab()
    {
        var result = await server.Client.GetPromptAsync(LabMcpPrimitives.LabHelpPrompt, new Dictionary<string, object?> { ["lab_id"] = "05-tool-calling" });
        var message = Assert.Single(result.Messages);
        Assert.Equal(Role.User, message.Role);
        Assert.Contains("\"Tool calling\"", Assert.IsType<TextContentBlock>(message.Content).Text, StringComparison.Ordinal);
        Assert.Contains("lab://05-tool-calling", ((TextContentBlock)message.Content).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetPrompt_ExplainToolCall_ShowsTheFormatsWireText()
    {
        var result = await server.Client.GetPromptAsync(LabMcpPrimitives.ExplainToolCallPrompt, new Dictionary<string, object?> { ["format"] = "hermes" });
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Messages).Content).Text;
        Assert.Contains("<tool_call>", text, StringComparison.Ordinal);
        Assert.Contains("--tool-call-parser hermes", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LabMcpPrimitives.LabHelpPrompt, "lab_id", "99-nothing", "There is no lab '99-nothing'")]
    [InlineData(LabMcpPrimitives.ExplainToolCallPrompt, "format", "xml", "Unknown tool-call format 'xml'")]
    [InlineData(LabMcpPrimitives.ExplainToolCallPrompt, "style", "short", "has no argument 'style'")]
    public async Task GetPrompt_InvalidArgument_IsInvalidParamsError(string prompt, string argument, string value, string message)
    {
        var error = await Assert.ThrowsAsync<McpProtocolException>(() =>
            server.Client.GetPromptAsync(prompt, new Dictionary<string, object?> { [argument] = value }).AsTask());
        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetPrompt_MissingArgument_IsInvalidParamsError()
    {
        var error = await Assert.ThrowsAsync<McpProtocolException>(() =>
            server.Client.GetPromptAsync(LabMcpPrimitives.LabHelpPrompt, new Dictionary<string, object?>()).AsTask());
        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
    }

    private static string Text(CallToolResult result) => Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;

    // Everything a student sees of a lab: lab.md, the exercises' instructions and starter files.
    private static async Task<string> VisibleTextAsync(LabDefinition lab)
    {
        var parts = new List<string> { await File.ReadAllTextAsync(Path.Combine(lab.DirectoryPath, "lab.md")) };
        foreach (var exercise in lab.Exercises)
        {
            parts.Add(exercise.InstructionsHtml);
            parts.Add(WebUtility.HtmlDecode(exercise.InstructionsHtml));
            parts.AddRange(exercise.StarterFiles.Select(f => f.Content));
            parts.AddRange(exercise.HarnessFilePaths.Select(File.ReadAllText));
        }
        return string.Join("\n", parts);
    }

    // Distinctive lines (30+ characters) of each exercise's hidden checks and reference solution.
    private static async Task<IReadOnlyList<string>> HiddenLinesAsync(LabDefinition lab)
    {
        var lines = new List<string>();
        foreach (var exercise in lab.Exercises)
        {
            var hiddenFiles = new List<string>();
            if (exercise.ChecksFilePath is { } checks) hiddenFiles.AddRange(Directory.GetFiles(Path.GetDirectoryName(checks)!, "*", SearchOption.AllDirectories));
            if (exercise.SolutionDirectoryPath is { } solution && Directory.Exists(solution))
                hiddenFiles.AddRange(Directory.GetFiles(solution, "*", SearchOption.AllDirectories));
            foreach (var file in hiddenFiles)
                lines.AddRange((await File.ReadAllLinesAsync(file)).Select(l => l.Trim()).Where(l => l.Length >= 30));
        }
        Assert.NotEmpty(lines.Count == 0 && lab.Exercises.All(e => e.Kind == ExerciseKind.Quiz) ? ["quiz-only lab"] : lines);
        return lines;
    }
}
