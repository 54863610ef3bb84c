using System.Text.RegularExpressions;
using Bunit;
using Workbench.Web.Components.Widgets.Structured;

namespace Workbench.Web.Tests.Components.Structured;

/// <summary>The grammar step view on the real engine and model: allowed counts from the real logits, the sampled
/// token always allowed, the model's favourites struck out where the grammar forbids them.</summary>
[Collection(EngineCollection.Name)]
public sealed class GrammarStepsTests(EngineFixture fixture, StoriesModelFixture stories) : IClassFixture<StoriesModelFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Generate_LocationSchema_AllowedCountsInRangeAndSampledTokenNeverStruck()
    {
        await using var ctx = UiTestContext.CreateForWidgets(fixture, stories.Engine);
        var cut = ctx.Render<GrammarSteps>(p => p.Add(c => c.Options, new Dictionary<string, string> { ["max_tokens"] = "24", ["top_logprobs"] = "8" }));

        await GenerateAsync(cut);

        var vocab = stories.Engine.Model!.VocabSize;
        Assert.Equal(vocab.ToString(), cut.Find("[aria-label='n_vocab']").TextContent);
        var rows = cut.FindAll("tr[aria-label^='Step ']");
        Assert.Equal(24, rows.Count); // max_tokens 24 is too short to close the object: every step samples a token
        foreach (var row in rows)
        {
            Assert.InRange(int.Parse(row.QuerySelector("[aria-label='Allowed count']")!.TextContent), 1, vocab);
            var candidates = row.QuerySelectorAll("ol[aria-label='Candidates'] li");
            Assert.Equal(8, candidates.Length);
            foreach (var sampled in candidates.Where(c => c.GetAttribute("data-sampled") == "true"))
                Assert.Equal("true", sampled.GetAttribute("data-allowed"));
            foreach (var struck in candidates.Where(c => c.GetAttribute("data-allowed") == "false"))
                Assert.NotNull(struck.QuerySelector("del"));
        }
        // The grammar forces the first token ('{'); a story model's favourites at that step are words.
        Assert.NotEmpty(cut.FindAll("ol[aria-label='Candidates'] li[data-allowed='false'] del"));
        Assert.StartsWith("{", cut.Find("[aria-label='Constrained output']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_GbnfOption_OutputFollowsThatGrammar()
    {
        await using var ctx = UiTestContext.CreateForWidgets(fixture, stories.Engine);
        var cut = ctx.Render<GrammarSteps>(p => p.Add(c => c.Options, new Dictionary<string, string>
        {
            ["grammar"] = "root ::= (\"yes\" | \"no\") \", because \" [a-z ]{1,20} \".\"",
            ["prompt"] = "Is the sky blue?",
            ["max_tokens"] = "40",
        }));
        Assert.Contains("root ::=", cut.Find("[aria-label='GBNF grammar']").TextContent, StringComparison.Ordinal);

        await GenerateAsync(cut);

        var output = cut.Find("[aria-label='Constrained output']").TextContent;
        Assert.Matches(new Regex("^(yes|no), because [a-z ]{1,20}\\.$"), output);
        Assert.Equal("stop", cut.Find("[aria-label='finish_reason']").TextContent);
        var vocab = stories.Engine.Model!.VocabSize;
        foreach (var count in cut.FindAll("[aria-label='Allowed count']"))
            Assert.InRange(int.Parse(count.TextContent), 1, vocab);
    }

    [Fact]
    public async Task Generate_UnsupportedSchema_ShowsTheKeyword()
    {
        await using var ctx = UiTestContext.CreateForWidgets(fixture, stories.Engine);
        var cut = ctx.Render<GrammarSteps>(p => p.Add(c => c.Options, new Dictionary<string, string>
        {
            ["schema"] = """{ "type": "object", "properties": { "a": { "type": "string", "not": { "const": "x" } } } }""",
        }));

        await cut.InvokeAsync(() => cut.Find("button[aria-label='Generate with the grammar']").Click());

        Assert.Contains("'not'", cut.Find("[aria-label='Grammar steps error']").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("tr[aria-label^='Step ']"));
    }

    private static async Task GenerateAsync(IRenderedComponent<GrammarSteps> cut)
    {
        await cut.InvokeAsync(() => cut.Find("button[aria-label='Generate with the grammar']").Click());
        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Idle", cut.Find("[aria-label='Grammar steps state']").TextContent);
            Assert.True(cut.FindAll("[aria-label='Grammar steps error']").Count == 0, cut.FindAll("[aria-label='Grammar steps error']").FirstOrDefault()?.TextContent);
            Assert.NotEmpty(cut.FindAll("tr[aria-label^='Step ']"));
        }, Timeout);
    }
}
