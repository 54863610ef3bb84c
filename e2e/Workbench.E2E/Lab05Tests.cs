using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;
using static Workbench.E2E.ExercisePanels;

namespace Workbench.E2E;

/// <summary>
/// Lab 05 (tool calling) submitted through the browser on the real self-paced app, worker, default model
/// (stories260K) and sandbox: the streaming Hermes parser (a C# code exercise) and the tool schema (a property
/// exercise whose forced calls are judged), each with the reference solution at full marks and the starter below.
/// </summary>
[Collection(WorkbenchAppCollection.Name)]
public sealed class Lab05Tests(WorkbenchApp app)
{
    private const int GradingTimeoutMs = 120_000;
    private const string Lab = "05-tool-calling";
    private const string ParserPanel = "Exercise: Parse Hermes tool calls from a stream";
    private const string SchemaPanel = "Exercise: Write the parameters schema of a tool";

    [Fact]
    public async Task ToolCallParser_ReferenceThenStarter_FullMarksThenBelow()
    {
        var page = await OpenLabAsync(app, Lab, "Tool calling");
        var panel = page.GetByRole(AriaRole.Region, new() { Name = ParserPanel });

        Assert.Equal("csharp", await SetEditorTextAsync(panel, await ReadExerciseFileAsync(Lab, "tool-call-parser", "solution", "Solution.cs")));
        await panel.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        var result = await GradedResultAsync(app, panel, 1, GradingTimeoutMs);
        await Expect(result.GetByLabel("Score", new() { Exact = true })).ToHaveTextAsync(new Regex(@"^\s*11\s*/\s*11\s*$"));
        await Expect(result.GetByRole(AriaRole.Table, new() { Name = "Checks" }).GetByLabel("failed", new() { Exact = true })).ToHaveCountAsync(0);
        await panel.ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "lab05.png");

        await SetEditorTextAsync(panel, await ReadExerciseFileAsync(Lab, "tool-call-parser", "starter", "Solution.cs"));
        await panel.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        result = await GradedResultAsync(app, panel, 2, GradingTimeoutMs);
        await AssertScoreBelowAsync(result, 11);
        var checks = result.GetByRole(AriaRole.Table, new() { Name = "Checks" });
        var row = checks.GetByRole(AriaRole.Row).Filter(new() { HasText = "Reads several calls in one reply" });
        await Expect(row.GetByLabel("failed", new() { Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ToolSchema_ReferenceThenStarter_FullMarksThenBelow()
    {
        var page = await OpenLabAsync(app, Lab, "Tool calling");
        var panel = page.GetByRole(AriaRole.Region, new() { Name = SchemaPanel });

        Assert.Equal("json", await SetEditorTextAsync(panel, await ReadExerciseFileAsync(Lab, "tool-schema", "solution", "book_table.json")));
        await panel.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        var result = await GradedResultAsync(app, panel, 1, GradingTimeoutMs);
        await Expect(result.GetByLabel("Score", new() { Exact = true })).ToHaveTextAsync(new Regex(@"^\s*7\s*/\s*7\s*$"));

        await SetEditorTextAsync(panel, await ReadExerciseFileAsync(Lab, "tool-schema", "starter", "book_table.json"));
        await panel.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        result = await GradedResultAsync(app, panel, 2, GradingTimeoutMs);
        await AssertScoreBelowAsync(result, 7);
    }
}
