using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Radzen;
using Workbench.Web.Components.Widgets.Quantization;

namespace Workbench.Web.Tests.Quantization;

/// <summary>The quant-compare widget on the real files and the real model-tool process: the candidates are the
/// files named after the source, Run fills the table (source first, best/worst marked) and the greedy outputs.</summary>
public sealed class QuantCompareWidgetTests : IClassFixture<QuantizedModelsFixture>, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private readonly BunitContext _ctx = new();

    public QuantCompareWidgetTests(QuantizedModelsFixture models)
    {
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.Services.AddLogging();
        _ctx.Services.AddRadzenComponents();
        _ctx.Services.AddSingleton(models.Evaluations);
        _ctx.AddAuthorization();
    }

    [Fact]
    public void Render_ListsTheSourcesQuantizedFiles_AllTickedByDefault()
    {
        var cut = Render(null);

        Assert.Equal(QuantizedModelsFixture.SourceName, cut.Find("select[id$='-source']").GetAttribute("value"));
        var boxes = cut.FindAll("fieldset[aria-label='Files to compare'] input[type=checkbox]");
        Assert.Equal([$"Compare {QuantizedModelsFixture.Q2Name}", $"Compare {QuantizedModelsFixture.Q8Name}"],
            boxes.Select(b => b.GetAttribute("aria-label")).Order());
        Assert.All(boxes, b => Assert.True(b.HasAttribute("checked")));
        Assert.Equal("128", cut.Find("input[id$='-nctx']").GetAttribute("value"));
        Assert.Empty(cut.FindAll("table[aria-label='Comparison table']"));
    }

    [Fact]
    public void Options_PickTheFilesAndTheContext()
    {
        var cut = Render(new() { ["models"] = QuantizedModelsFixture.Q8Name, ["n_ctx"] = "256", ["prompt"] = "A dog" });

        var ticked = cut.FindAll("fieldset input[type=checkbox]").Where(b => b.HasAttribute("checked")).Select(b => b.GetAttribute("aria-label"));
        Assert.Equal([$"Compare {QuantizedModelsFixture.Q8Name}"], ticked);
        Assert.Equal("256", cut.Find("input[id$='-nctx']").GetAttribute("value"));
        Assert.Equal("A dog", cut.Find("input[id$='-prompt']").GetAttribute("value"));
    }

    [Fact]
    public async Task Run_ShowsTheTableWithBestAndWorst_AndTheGreedyOutputsSideBySide()
    {
        var cut = Render(null);

        await cut.InvokeAsync(() => cut.Find("form[aria-label='Comparison settings']").Submit());
        cut.WaitForElement("table[aria-label='Comparison table']", Timeout);

        var names = cut.FindAll("table[aria-label='Comparison table'] tbody th[scope=row]").Select(th => th.TextContent.Trim()).ToList();
        Assert.Equal(3, names.Count);
        Assert.StartsWith(QuantizedModelsFixture.SourceName, names[0]);
        var table = cut.Instance.Result!;
        // the smallest file is the Q2_K copy, the largest the F32 source
        var sizeCells = cut.FindAll("tbody tr").Select(tr => tr.Children[2]).ToList();
        int q2 = table.Rows.ToList().FindIndex(r => r.Name == QuantizedModelsFixture.Q2Name);
        Assert.Contains("wb-qc-best", sizeCells[q2].ClassName);
        Assert.Contains("wb-qc-worst", sizeCells[0].ClassName);
        Assert.Equal("best", sizeCells[q2].QuerySelector(".wb-qc-badge")!.GetAttribute("title"));
        // KL: the source is left out; Q8_0 is closest to it, Q2_K farthest
        var klCells = cut.FindAll("tbody tr").Select(tr => tr.Children[10]).ToList();
        Assert.DoesNotContain("wb-qc-", klCells[0].ClassName ?? "");
        Assert.Contains("wb-qc-worst", klCells[q2].ClassName);
        var outputs = cut.FindAll("[aria-label='Greedy outputs'] article");
        Assert.Equal(table.Rows.Select(r => $"Greedy output of {r.Name}"), outputs.Select(o => o.GetAttribute("aria-label")));
        Assert.All(table.Rows.Zip(outputs), p => Assert.Contains(p.First.GreedyOutput.Trim(), p.Second.TextContent));
        Assert.Empty(cut.FindAll("[role=alert]"));
    }

    private IRenderedComponent<QuantCompare> Render(Dictionary<string, string>? options) =>
        _ctx.Render<QuantCompare>(p => p.Add(c => c.Options, options));

    public void Dispose() => _ctx.Dispose();
}
