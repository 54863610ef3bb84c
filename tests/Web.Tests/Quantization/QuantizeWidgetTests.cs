using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Engine.Models;
using Workbench.Lab.Storage;
using Workbench.Web.Components.Widgets.Quantization;
using Workbench.Web.Quantization;
using Workbench.Web.Tests.Components;

namespace Workbench.Web.Tests.Quantization;

/// <summary>The quantize widget on the real job queue, the real model-tool process and stories260K.</summary>
[Collection(EngineCollection.Name)]
public sealed class QuantizeWidgetTests(EngineFixture fixture, QuantizeTools tools) : IClassFixture<QuantizeTools>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private BunitContext Create(QuantizeJobQueue queue)
    {
        var ctx = UiTestContext.Create(fixture);
        var auth = ctx.AddAuthorization();
        auth.SetAuthorized("You");
        auth.SetRoles(LabRoles.Learner);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, "local"));
        ctx.Services.AddSingleton(queue);
        ctx.Services.AddSingleton<ModelCatalog>(tools.Catalog);
        return ctx;
    }

    [Fact]
    public async Task Start_Q4_K_M_ShowsProgressToDone_TheTensorTableWithFallbacks_AndTheSizes()
    {
        await using var queue = tools.NewQueue();
        await using var ctx = Create(queue);
        var cut = ctx.Render<QuantizeWidget>(p => p.Add(w => w.Options, new Dictionary<string, string> { ["source"] = "stories260K.gguf", ["type"] = "Q4_K_M" }));

        cut.Find("button[aria-label='Start quantizing']").Click();
        cut.WaitForAssertion(() => Assert.StartsWith("done", cut.Find("[aria-label='Job status']").TextContent), Timeout);

        var rows = cut.FindAll("table[aria-label='Tensors'] tbody tr");
        var job = queue.List().Single().Snapshot();
        Assert.Equal(job.Tensors!.Count, rows.Count);
        Assert.Equal(job.Tensors.Count(t => t.Fallback), cut.FindAll("tr.wb-fallback").Count);
        Assert.NotEmpty(cut.FindAll("tr.wb-fallback"));
        Assert.Contains("fell back", cut.Find("tr[aria-label='Tensor token_embd.weight']").TextContent);
        var sizes = cut.Find("[aria-label='Size before and after']").TextContent;
        Assert.Contains("stories260K-Q4_K_M.gguf", sizes);
        Assert.Contains("1.13 MiB", sizes); // 1,185,376 bytes
        Assert.Contains(tools.Catalog.List(), m => m.FileName == "stories260K-Q4_K_M.gguf");
        Assert.Contains("stories260K-Q4_K_M.gguf", cut.Find("select[id$='-source']").InnerHtml);
    }

    [Fact]
    public async Task RequantizeBox_ShowsItsWarning_AndAQuantizedSourceWithoutItFailsWithTheReason()
    {
        await using var queue = tools.NewQueue();
        await using var ctx = Create(queue);
        var cut = ctx.Render<QuantizeWidget>(p => p.Add(w => w.Options, new Dictionary<string, string> { ["source"] = "TinyStories-656K-Q8_0.gguf", ["type"] = "Q4_0" }));

        Assert.Empty(cut.FindAll("[aria-label='Requantize warning']"));
        cut.Find("input[aria-label='Allow requantizing']").Change(true);
        Assert.Contains("errors add up", cut.Find("[aria-label='Requantize warning']").TextContent);
        cut.Find("input[aria-label='Allow requantizing']").Change(false);

        cut.Find("button[aria-label='Start quantizing']").Click();
        cut.WaitForAssertion(() => Assert.StartsWith("failed", cut.Find("[aria-label='Job status']").TextContent), Timeout);
        Assert.Contains("already quantized", cut.Find("[aria-label='Job error']").TextContent);
    }
}
