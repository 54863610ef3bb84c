using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Workbench.Web.Components.Widgets.Streaming;

/// <summary>
/// Widget <c>stream-compare</c>: one prompt over three transports side by side, all from the browser through the
/// app (so every number is what a client sees): non-streaming <c>POST /v1/chat/completions</c>, the same request
/// with <c>stream: true</c> read by <c>fetch</c> as raw SSE <c>data:</c> frames, and the SignalR hub
/// <c>/hubs/generation</c>. Text renders as it arrives (typewriter); the widget charts time to first token, an
/// inter-token latency histogram and tokens/s over time. Cancel aborts the request (fetch's AbortController, or
/// disposing the SignalR subscription); the worker's <c>/health</c> counters (<c>slots_processing</c>,
/// <c>tokens_predicted_total</c>) then show that the server stopped generating (<see cref="CancellationEvidence"/>).
/// The transports run in <c>wwwroot/js/streaming/stream-compare.js</c>, which reports to <see cref="Update"/>.
/// Options (all optional): <c>prompt</c> (default "Once upon a time, a little fox"), <c>max_tokens</c> (default
/// 512), <c>temperature</c> (default 0.8), <c>seed</c> (default random), <c>ignore_eos</c> (true/false, default
/// true: a story model often ends after a few tokens, so a run lasts max_tokens), <c>cancel_after</c> (tokens after
/// which the streaming runs cancel themselves, default 0 = off), <c>transports</c> (comma list of <c>json</c>,
/// <c>sse</c>, <c>signalr</c>; default all three).
/// </summary>
public partial class StreamCompare : IAsyncDisposable
{
    private const string ModulePath = "./js/streaming/stream-compare.js";
    private readonly string _id = "sc-" + Guid.NewGuid().ToString("N")[..8];
    private readonly Dictionary<StreamTransport, StreamRun> _runs = [];
    private readonly List<ServerSample> _samples = [];
    private IReadOnlyList<StreamTransport> _transports = StreamTransports.All;
    private ElementReference _root;
    private IJSObjectReference? _module;
    private DotNetObjectReference<StreamCompare>? _self;
    private bool _mounted;
    private int _runNumber;
    private string _prompt = "";
    private int? _maxTokens;
    private double _temperature;
    private long? _seed;
    private bool _ignoreEos;
    private int _cancelAfter;
    private string? _error;

    /// <summary>The widget block's options (<c>prompt</c>, <c>max_tokens</c>, <c>temperature</c>, <c>seed</c>,
    /// <c>ignore_eos</c>, <c>cancel_after</c>, <c>transports</c>).</summary>
    [Parameter] public IReadOnlyDictionary<string, string>? Options { get; set; }

    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private ILogger<StreamCompare> Logger { get; set; } = default!;

    /// <summary>The runs shown now, by transport.</summary>
    internal IReadOnlyDictionary<StreamTransport, StreamRun> Runs => _runs;

    private bool AnyRunning => _runs.Values.Any(r => r.IsRunning);

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        _prompt = WidgetOptions.Text(Options, "prompt", "Once upon a time, a little fox");
        _maxTokens = (int?)WidgetOptions.Number(Options, "max_tokens", 512) is { } max and > 0 ? max : null;
        _temperature = double.TryParse(WidgetOptions.Text(Options, "temperature", "0.8"), NumberStyles.Float, CultureInfo.InvariantCulture, out var t) ? t : 0.8;
        _seed = WidgetOptions.Number(Options, "seed");
        _ignoreEos = !string.Equals(WidgetOptions.Text(Options, "ignore_eos", "true").Trim(), "false", StringComparison.OrdinalIgnoreCase);
        _cancelAfter = (int)Math.Max(0, WidgetOptions.Number(Options, "cancel_after", 0) ?? 0);
        _transports = StreamTransports.ParseList(WidgetOptions.Text(Options, "transports"));
    }

    /// <inheritdoc />
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        try
        {
            _self = DotNetObjectReference.Create(this);
            _module = await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
            await _module.InvokeVoidAsync("mount", _root, _self);
            _mounted = true;
            StateHasChanged(); // enables the Run buttons
        }
        catch (JSException e)
        {
            Logger.LogWarning(e, "stream-compare.js failed to load");
            _error = "The streaming script could not be loaded: " + e.Message;
            StateHasChanged();
        }
    }

    /// <summary>Starts every transport of the widget at once on the same request.</summary>
    private Task RunAllAsync() => RunAsync(_transports);

    /// <summary>Starts <paramref name="transports"/> (a new run number; the others' results stay).</summary>
    /// <param name="transports">The transports to run.</param>
    private async Task RunAsync(IReadOnlyList<StreamTransport> transports)
    {
        if (_module is null || !_mounted || string.IsNullOrWhiteSpace(_prompt)) return;
        if (transports.Any(t => _runs.TryGetValue(t, out var running) && running.IsRunning)) return; // cancel first
        if (_maxTokens is < 1) _maxTokens = null;
        var run = ++_runNumber;
        foreach (var transport in transports) _runs[transport] = new StreamRun(transport, run);
        _error = null;
        var request = new StreamCompareRequest
        {
            Run = run, Prompt = _prompt.Trim(), MaxTokens = _maxTokens, Temperature = _temperature,
            Seed = _seed, IgnoreEos = _ignoreEos, CancelAfter = _cancelAfter,
        };
        try
        {
            await _module.InvokeVoidAsync("run", _root, transports.Select(StreamTransports.Key).ToArray(), request);
        }
        catch (JSException e)
        {
            _error = e.Message;
        }
    }

    private async Task CancelAsync(StreamTransport transport)
    {
        if (_module is null || !_runs.TryGetValue(transport, out var run) || !run.IsRunning) return;
        try
        {
            await _module.InvokeVoidAsync("cancel", _root, StreamTransports.Key(transport));
        }
        catch (JSException e)
        {
            _error = e.Message;
        }
    }

    private async Task CancelAllAsync()
    {
        foreach (var transport in _runs.Where(r => r.Value.IsRunning).Select(r => r.Key).ToList()) await CancelAsync(transport);
    }

    /// <summary>Receives the browser's reports and the server counters it read (called by <c>stream-compare.js</c>).</summary>
    /// <param name="update">The batch.</param>
    [JSInvokable]
    public void Update(StreamUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        foreach (var report in update.Reports)
        {
            if (StreamTransports.Parse(report.Transport) is { } transport && _runs.TryGetValue(transport, out var run)) run.Apply(report);
        }
        _samples.AddRange(update.Samples);
        if (_samples.Count > 4000) _samples.RemoveRange(0, _samples.Count - 4000);
        StateHasChanged();
    }

    /// <summary>The verdict on a cancelled run, or null when the run was not cancelled by the client.</summary>
    private CancellationVerdict? VerdictFor(StreamRun run) =>
        run.Latest is { State: "cancelled", CancelledAtMs: { } cancelledAt } latest
            ? CancellationEvidence.Evaluate(_samples, cancelledAt, latest.StartedAtMs, run.TokenTimesMs.Count)
            : null;

    private ServerSample? LatestSample => _samples.Count > 0 ? _samples[^1] : null;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_module is not null)
            {
                if (_mounted) await _module.InvokeVoidAsync("dispose", _root);
                await _module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone; the browser already dropped its requests and connection.
        }
        catch (ObjectDisposedException)
        {
        }
        _self?.Dispose();
        GC.SuppressFinalize(this);
    }
}
