using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Radzen;
using Workbench.Web.Components.Widgets.Streaming;

namespace Workbench.Web.Tests.Components.Streaming;

/// <summary>
/// The stream-compare widget's server side: options, what it hands the browser script, and how it shows the
/// browser's reports (metrics, charts, cancellation proof). The transports themselves run in the browser
/// (StreamingModuleTests drives them in Chromium on the real model).
/// </summary>
public sealed class StreamCompareTests : IAsyncLifetime
{
    private const string ModulePath = "./js/streaming/stream-compare.js";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly BunitContext _ctx = new();
    private readonly BunitJSModuleInterop _module;

    public StreamCompareTests()
    {
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.Services.AddLogging();
        _ctx.Services.AddRadzenComponents();
        _module = _ctx.JSInterop.SetupModule(ModulePath);
        _module.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void Render_BeforeAnyRun_ShowsNoChartsYet()
    {
        var cut = Render(null);

        Assert.Empty(cut.FindAll(".rz-chart"));
        Assert.Empty(cut.FindAll("table[aria-label='Stream metrics']"));
        Assert.Equal(3, cut.FindAll("article.wb-sc-pane").Count);
    }

    [Fact]
    public void Render_WithOptions_PrefillsTheRequestAndShowsTheChosenTransports()
    {
        var cut = Render(new() { ["prompt"] = "A dog", ["max_tokens"] = "300", ["ignore_eos"] = "false", ["cancel_after"] = "20", ["transports"] = "sse, signalr" });

        Assert.Equal("A dog", cut.Find("textarea").GetAttribute("value") ?? cut.Find("textarea").TextContent);
        Assert.Equal("300", cut.Find("input[id$='-max-tokens']").GetAttribute("value"));
        Assert.Equal("20", cut.Find("input[id$='-cancel-after']").GetAttribute("value"));
        Assert.False(cut.Find("input[aria-label='Ignore EOS']").HasAttribute("checked"));
        Assert.Equal(["SSE pane", "SignalR pane"], cut.FindAll("article.wb-sc-pane").Select(a => a.GetAttribute("aria-label")));
        Assert.Equal(["sse", "signalr"], cut.FindAll("[data-sc-host]").Select(h => h.GetAttribute("data-sc-host")));
    }

    [Fact]
    public async Task RunAll_HandsTheScriptEveryTransportAndTheRequest()
    {
        var cut = Render(new() { ["prompt"] = "Once upon a time", ["max_tokens"] = "64", ["seed"] = "7", ["temperature"] = "1.5" });
        cut.WaitForAssertion(() => Assert.Single(_module.Invocations, i => i.Identifier == "mount"), Timeout);

        await cut.InvokeAsync(() => cut.Find("form[aria-label='Stream compare request']").Submit());

        var run = Assert.Single(_module.Invocations, i => i.Identifier == "run");
        Assert.Equal(["json", "sse", "signalr"], Assert.IsType<string[]>(run.Arguments[1]));
        var request = Assert.IsType<StreamCompareRequest>(run.Arguments[2]);
        Assert.Equal(("Once upon a time", 64, 7L, 1.5, true, 1), (request.Prompt, request.MaxTokens, request.Seed, request.Temperature, request.IgnoreEos, request.Run));
        Assert.All(["Non-streaming", "SSE", "SignalR"], t => Assert.Equal("running", cut.Find($"[aria-label='{t} state']").TextContent));
        Assert.True(cut.Find("button[aria-label='Cancel SSE']").HasAttribute("disabled") is false);
    }

    [Fact]
    public async Task Cancel_AsksTheScriptToAbortThatTransport()
    {
        var cut = Render(null);
        cut.WaitForAssertion(() => Assert.Single(_module.Invocations, i => i.Identifier == "mount"), Timeout);
        await cut.InvokeAsync(() => cut.Find("button[aria-label='Run SignalR']").Click());

        await cut.InvokeAsync(() => cut.Find("button[aria-label='Cancel SignalR']").Click());

        var cancel = Assert.Single(_module.Invocations, i => i.Identifier == "cancel");
        Assert.Equal("signalr", cancel.Arguments[1]);
    }

    [Fact]
    public async Task Update_ReportsAndServerReadings_ShowMetricsChartsAndTheProof()
    {
        var cut = Render(null);
        cut.WaitForAssertion(() => Assert.Single(_module.Invocations, i => i.Identifier == "mount"), Timeout);
        await cut.InvokeAsync(() => cut.Find("form[aria-label='Stream compare request']").Submit());

        await cut.InvokeAsync(() => cut.Instance.Update(new StreamUpdate
        {
            Reports =
            [
                new() { Transport = "sse", Run = 1, StartedAtMs = 100, TokenTimesMs = [20, 21, 25], Frames = 4, Reads = 2 },
                new() { Transport = "json", Run = 1, State = "done", StartedAtMs = 100, TokenTimesMs = [900], FinishReason = "length", PromptTokens = 12, CompletionTokens = 64 },
            ],
            Samples = [new(90, 0, 5000, 2)],
        }));
        await cut.InvokeAsync(() => cut.Instance.Update(new StreamUpdate
        {
            Reports = [new() { Transport = "sse", Run = 1, State = "cancelled", StartedAtMs = 100, CancelledAtMs = 140, TokenTimesMs = [30], Frames = 5, Reads = 3 }],
            Samples = [new(150, 1, 5100, 2), new(400, 0, 5120, 3), new(650, 0, 5120, 3), new(900, 0, 5120, 3)],
        }));

        Assert.Equal("20.0 ms", cut.Find("[aria-label='SSE time to first token']").TextContent);
        Assert.Equal("4", cut.Find("[aria-label='SSE tokens received']").TextContent);
        Assert.Equal("5 / 3", cut.Find("[aria-label='SSE frames per read']").TextContent);
        Assert.Equal("cancelled", cut.Find("[aria-label='SSE state']").TextContent);
        Assert.Equal("length", cut.Find("[aria-label='Non-streaming finish reason']").TextContent);
        Assert.Equal("12 + 64", cut.Find("[aria-label='Non-streaming usage']").TextContent);
        Assert.Equal("900.0 ms", cut.Find("[aria-label='Non-streaming time to first token']").TextContent);
        var proof = cut.Find("[aria-label='SSE server proof']");
        Assert.StartsWith("Stopped:", proof.TextContent);
        Assert.Contains("sampled 120 tokens since this run started; the client received 4", proof.TextContent);
        Assert.Contains("tokens_predicted_total 5120", cut.Find("[aria-label='Server counters']").TextContent);
        Assert.Equal(3, cut.FindAll("table[aria-label='Stream metrics'] tbody tr").Count);
        // The charts exist (Radzen draws their SVG once the browser reports a size; Chromium checks that in e2e).
        Assert.NotEmpty(cut.FindAll("figure[aria-label='Inter-token latency histogram'] .rz-chart"));
        Assert.NotEmpty(cut.FindAll("figure[aria-label='Tokens per second chart'] .rz-chart"));
    }

    [Fact]
    public async Task Update_FromAnOlderRun_IsIgnored()
    {
        var cut = Render(null);
        cut.WaitForAssertion(() => Assert.Single(_module.Invocations, i => i.Identifier == "mount"), Timeout);
        await cut.InvokeAsync(() => cut.Find("button[aria-label='Run SSE']").Click());
        await cut.InvokeAsync(() => cut.Find("button[aria-label='Cancel SSE']").Click());
        await cut.InvokeAsync(() => cut.Find("button[aria-label='Run SSE']").Click()); // still running: disabled, no second run
        Assert.Single(_module.Invocations, i => i.Identifier == "run");
        await cut.InvokeAsync(() => cut.Instance.Update(new StreamUpdate { Reports = [new() { Transport = "sse", Run = 1, State = "cancelled", CancelledAtMs = 5 }] }));
        await cut.InvokeAsync(() => cut.Find("button[aria-label='Run SSE']").Click());

        await cut.InvokeAsync(() => cut.Instance.Update(new StreamUpdate { Reports = [new() { Transport = "sse", Run = 1, State = "done", TokenTimesMs = [1, 2, 3] }] }));

        Assert.Equal("running", cut.Find("[aria-label='SSE state']").TextContent);
        Assert.Equal("0", cut.Find("[aria-label='SSE tokens received']").TextContent);
    }

    [Fact]
    public async Task Update_AnError_ShowsItAsAnAlert()
    {
        var cut = Render(null);
        cut.WaitForAssertion(() => Assert.Single(_module.Invocations, i => i.Identifier == "mount"), Timeout);
        await cut.InvokeAsync(() => cut.Find("button[aria-label='Run Non-streaming']").Click());

        await cut.InvokeAsync(() => cut.Instance.Update(new StreamUpdate
        {
            Reports = [new() { Transport = "json", Run = 1, State = "error", Error = "HTTP 400: the prompt is too long (600 tokens) for the context window (512)." }],
        }));

        Assert.Contains("context window", cut.Find("[role=alert][aria-label='Non-streaming error']").TextContent);
        Assert.Equal("error", cut.Find("[aria-label='Non-streaming state']").TextContent);
    }

    private IRenderedComponent<StreamCompare> Render(Dictionary<string, string>? options) =>
        _ctx.Render<StreamCompare>(p => p.Add(c => c.Options, options));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _ctx.DisposeAsync();
}
