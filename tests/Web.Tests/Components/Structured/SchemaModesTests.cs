using System.Text.Json;
using Bunit;
using Workbench.Engine.Grammar.JsonSchema;
using Workbench.Web.Components.Widgets.Structured;

namespace Workbench.Web.Tests.Components.Structured;

/// <summary>The schema-modes widget on the real engine and model (stories260K): four modes on one prompt, verdicts
/// that agree with the validator, the typed C# view, schema errors, and the experiment runner.</summary>
[Collection(EngineCollection.Name)]
public sealed class SchemaModesTests(EngineFixture fixture, StoriesModelFixture stories) : IClassFixture<StoriesModelFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private static readonly string[] ModeLabels = ["Free text", "Prompt-only", "JSON mode", "Schema-constrained"];

    [Fact]
    public async Task RunModes_LocationSchema_EachVerdictAgreesWithTheValidator()
    {
        await using var ctx = UiTestContext.CreateForWidgets(fixture, stories.Engine);
        var cut = ctx.Render<SchemaModes>(p => p.Add(c => c.Options, new Dictionary<string, string> { ["max_tokens"] = "120" }));

        await cut.InvokeAsync(() => cut.Find("button[aria-label='Run the four modes']").Click());
        WaitIdle(cut);

        using var schema = JsonDocument.Parse(StructuredPrompt.LocationSchema);
        foreach (var label in ModeLabels)
        {
            var card = cut.Find($"article[aria-label='{label} result']");
            var reply = card.QuerySelector("[aria-label='Reply']")?.TextContent ?? throw new Xunit.Sdk.XunitException($"{label}: no reply\n{card.OuterHtml}");
            var verdict = card.QuerySelector("[aria-label='Verdict']")!.TextContent;
            var finish = card.QuerySelector("[aria-label='finish_reason']")!.TextContent;
            if (reply == "(empty reply)") reply = "";
            var expected = ExpectedVerdict(schema.RootElement, reply);
            Assert.True(expected == verdict, $"{label}: shows '{verdict}', the validator says '{expected}' for: {reply}");
            if (label == "Schema-constrained" && finish == "stop") Assert.Equal("valid", verdict);
            if (label == "JSON mode" && finish == "stop") Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(reply).RootElement.ValueKind);
            if (verdict.StartsWith("JSON, ", StringComparison.Ordinal))
                Assert.NotEmpty(card.QuerySelectorAll("[aria-label='Schema errors'] li"));
        }
    }

    [Fact]
    public async Task RunModes_ValidSchemaReply_ShowsItAsTypedLocation()
    {
        await using var ctx = UiTestContext.CreateForWidgets(fixture, stories.Engine);
        var cut = ctx.Render<SchemaModes>(p => p.Add(c => c.Options, new Dictionary<string, string> { ["max_tokens"] = "200" }));

        // A seed whose constrained reply finishes (the model may run out of max_tokens inside a long string).
        string? reply = null;
        for (var seed = 1; seed <= 6 && reply is null; seed++)
        {
            await cut.InvokeAsync(() => cut.Find("input[type=number][id$='-seed']").Change(seed.ToString()));
            await cut.InvokeAsync(() => cut.Find("button[aria-label='Run the four modes']").Click());
            WaitIdle(cut);
            var card = cut.Find("article[aria-label='Schema-constrained result']");
            if (card.QuerySelector("[aria-label='Verdict']")!.TextContent == "valid") reply = card.QuerySelector("[aria-label='Reply']")!.TextContent;
        }

        Assert.NotNull(reply);
        var typed = cut.Find("section[aria-label='Typed C# object']");
        Assert.Contains("public sealed record Location", typed.QuerySelector("[aria-label='C# types']")!.TextContent, StringComparison.Ordinal);
        var initializer = typed.QuerySelector("[aria-label='C# object']")!.TextContent;
        Assert.StartsWith("new Location", initializer, StringComparison.Ordinal);
        var location = Location.Parse(reply);
        Assert.Equal(location.ToString(), typed.QuerySelector("[aria-label='Deserialized Location']")!.TextContent);
        Assert.InRange(location.Latitude, -90, 90);
        Assert.InRange(location.Longitude, -180, 180);
        Assert.Contains($"Name = {CSharpTypeWriter.Literal(location.Name)}", initializer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunModes_UnsupportedKeyword_ShowsTheKeywordAndItsPath()
    {
        const string schemaText = """{ "type": "object", "properties": { "name": { "type": "string", "not": { "const": "x" } } } }""";
        using var schema = JsonDocument.Parse(schemaText);
        var converterError = Assert.Throws<JsonSchemaException>(() => JsonSchemaGrammar.ToGbnf(schema.RootElement));
        await using var ctx = UiTestContext.CreateForWidgets(fixture, stories.Engine);
        var cut = ctx.Render<SchemaModes>(p => p.Add(c => c.Options, new Dictionary<string, string> { ["schema"] = schemaText }));

        await cut.InvokeAsync(() => cut.Find("button[aria-label='Run the four modes']").Click());

        var alert = cut.WaitForElement("[aria-label='Schema modes error']", TimeSpan.FromSeconds(30)).TextContent;
        Assert.Contains("'not'", alert, StringComparison.Ordinal);
        Assert.Contains(converterError.Path, alert, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("article[aria-label$=' result']"));
    }

    [Fact]
    public async Task RunModes_SchemaNotJson_ShowsTheParseError()
    {
        await using var ctx = UiTestContext.CreateForWidgets(fixture, stories.Engine);
        var cut = ctx.Render<SchemaModes>(p => p.Add(c => c.Options, new Dictionary<string, string> { ["schema"] = "{ \"type\": " }));

        await cut.InvokeAsync(() => cut.Find("button[aria-label='Run the four modes']").Click());

        Assert.Contains("not valid JSON", cut.WaitForElement("[aria-label='Schema modes error']", TimeSpan.FromSeconds(30)).TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunExperiment_TwoRunsPerMode_CountsEveryRunPerMode()
    {
        await using var ctx = UiTestContext.CreateForWidgets(fixture, stories.Engine);
        var cut = ctx.Render<SchemaModes>(p => p.Add(c => c.Options, new Dictionary<string, string> { ["runs"] = "2", ["max_tokens"] = "100" }));

        await cut.InvokeAsync(() => cut.Find("button[aria-label='Run experiment']").Click());
        WaitIdle(cut);

        Assert.Equal("8 / 8", cut.Find("[aria-label='Experiment count']").TextContent.Trim());
        var rows = cut.FindAll("table[aria-label='Validity per mode'] tbody tr");
        Assert.Equal(ModeLabels, rows.Select(r => r.QuerySelector("th")!.TextContent));
        foreach (var row in rows)
        {
            int Cell(string col) => int.Parse(row.QuerySelector($"td[data-col='{col}']")!.TextContent);
            Assert.Equal(2, Cell("runs"));
            Assert.InRange(Cell("valid"), 0, Cell("json"));
            Assert.InRange(Cell("json"), 0, 2);
            Assert.Equal($"{Cell("valid") * 50}%", row.QuerySelector("td[data-col='rate']")!.TextContent);
        }
    }

    [Fact]
    public async Task StopExperiment_WhileRunning_StopsBeforeTheEnd()
    {
        await using var ctx = UiTestContext.CreateForWidgets(fixture, stories.Engine);
        var cut = ctx.Render<SchemaModes>(p => p.Add(c => c.Options, new Dictionary<string, string> { ["runs"] = "100", ["max_tokens"] = "160" }));

        await cut.InvokeAsync(() => cut.Find("button[aria-label='Run experiment']").Click());
        cut.WaitForAssertion(() => Assert.NotEqual("0", Count(cut).Done), Timeout);
        await cut.InvokeAsync(() => cut.Find("button[aria-label='Stop experiment']").Click());
        WaitIdle(cut);

        var (done, total) = Count(cut);
        Assert.Equal("400", total);
        Assert.True(int.Parse(done) < 400, $"{done} of {total} finished after Stop");
        await Task.Delay(300);
        Assert.Equal(done, Count(cut).Done); // nothing more arrives
    }

    private static (string Done, string Total) Count(IRenderedComponent<SchemaModes> cut)
    {
        var parts = cut.Find("[aria-label='Experiment count']").TextContent.Split('/', StringSplitOptions.TrimEntries);
        return (parts[0], parts[1]);
    }

    private static string ExpectedVerdict(JsonElement schema, string reply)
    {
        try
        {
            using var document = JsonDocument.Parse(reply);
            var errors = JsonSchemaValidator.Validate(schema, document.RootElement);
            return errors.Count == 0 ? "valid" : errors.Count == 1 ? "JSON, 1 schema error" : $"JSON, {errors.Count} schema errors";
        }
        catch (JsonException)
        {
            return "not JSON";
        }
    }

    private static void WaitIdle(IRenderedComponent<SchemaModes> cut) =>
        cut.WaitForAssertion(() => Assert.Equal("Idle", cut.Find("[aria-label='Schema modes state']").TextContent), Timeout);
}
