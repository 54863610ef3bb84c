using Microsoft.AspNetCore.Components;
using Workbench.Engine.Inference;
using Workbench.Web.Components.State;

namespace Workbench.Web.Components.Widgets;

/// <summary>
/// Widget <c>wire-inspector</c>: edit a system and a user message, send one real non-streaming
/// <c>POST /v1/chat/completions</c> to the engine's OpenAI-compatible API through <see cref="EngineWireClient"/>,
/// and show the exact request and response bodies (pretty-printed or raw), the HTTP status, the latency, and the
/// response's <c>usage</c> and <c>finish_reason</c>. Options: <c>system</c>, <c>user</c>, <c>max_tokens</c>
/// (default 48), <c>seed</c> (default none: random).
/// </summary>
public partial class WireInspector
{
    private readonly string _id = "wire-" + Guid.NewGuid().ToString("N")[..8];
    private CancellationTokenSource? _cts;
    private string _system = "";
    private string _user = "";
    private int? _maxTokens;
    private long? _seed;
    private bool _pretty = true;
    private bool _sending;
    private string? _error;
    private WireExchange? _exchange;
    private WireSummary _summary = WireSummary.Empty;
    private string _prettyRequest = "";
    private IReadOnlyList<(string Text, bool Highlight)> _prettyResponseLines = [];

    /// <summary>The widget block's options (<c>system</c>, <c>user</c>, <c>max_tokens</c>, <c>seed</c>).</summary>
    [Parameter] public IReadOnlyDictionary<string, string>? Options { get; set; }

    [Inject] private EngineWireClient Wire { get; set; } = default!;
    [Inject] private EngineStateMonitor StateMonitor { get; set; } = default!;
    [Inject] private EngineUseGate UseGate { get; set; } = default!;
    [Inject] private ILogger<WireInspector> Logger { get; set; } = default!;

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        _system = WidgetOptions.Text(Options, "system");
        _user = WidgetOptions.Text(Options, "user", "Say hello.");
        _maxTokens = (int?)WidgetOptions.Number(Options, "max_tokens", 48);
        _seed = WidgetOptions.Number(Options, "seed");
    }

    private async Task SendAsync()
    {
        if (_sending || string.IsNullOrWhiteSpace(_user)) return;
        _cts?.Cancel();
        var cts = _cts = new CancellationTokenSource();
        _sending = true;
        _error = null;
        try
        {
            var messages = new List<PromptMessage>();
            if (!string.IsNullOrWhiteSpace(_system)) messages.Add(new("system", _system));
            messages.Add(new("user", _user));
            var body = WireJson.ChatRequest(StateMonitor.Model?.Id, messages, _maxTokens, _seed);
            var (exchange, summary) = await UseGate.RunOnWireAsync(ct => Wire.PostJsonAsync("v1/chat/completions", body, ct), cts.Token);
            Show(exchange, summary);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
        }
        catch (RateLimitException ex)
        {
            _error = ex.Message;
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException)
        {
            Logger.LogWarning(ex, "Wire inspector request failed");
            _error = ex is InvalidOperationException ? ex.Message : $"The engine could not be reached: {ex.Message}";
        }
        finally
        {
            _sending = false;
            if (ReferenceEquals(_cts, cts)) _cts = null;
            cts.Dispose();
        }
    }

    // The pretty views are computed once per exchange, not on every render (the textareas re-render on each keystroke).
    private void Show(WireExchange exchange, WireSummary summary)
    {
        _prettyRequest = WireJson.Pretty(exchange.RequestBody);
        _prettyResponseLines = WireJson.HighlightLines(WireJson.Pretty(exchange.ResponseBody));
        _summary = summary;
        _exchange = exchange;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _cts?.Cancel();
        _cts = null;
    }
}
