using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Workbench.Engine.Models;
using Workbench.Engine.Quantization;
using Workbench.Web.Auth;
using Workbench.Web.Quantization;

namespace Workbench.Web.Components.Widgets.Quantization;

/// <summary>
/// Widget <c>quantize</c>: pick a source model from the catalog and a <see cref="QuantizationType"/>, optionally allow
/// requantizing (with its warning), Start queues a job on <see cref="QuantizeJobQueue"/> (the same jobs as
/// <c>/api/quantize</c>); a progress bar follows it and Cancel kills it. When done: each tensor's final type with
/// fallbacks marked, the size before → after, and the new file is in the model list. Options, all optional:
/// <c>source</c> (a catalog file name; default <c>stories260K.gguf</c> when present, else the first model),
/// <c>type</c> (default <c>Q4_K_M</c>).
/// </summary>
public partial class QuantizeWidget : IDisposable
{
    private readonly string _id = "quant-" + Guid.NewGuid().ToString("N")[..8];
    private IReadOnlyList<ModelFile> _models = [];
    private string _source = "";
    private string _type = "Q4_K_M";
    private bool _allowRequantize;
    private string? _error;
    private string? _jobId;
    private QuantizeJobView? _job;
    private bool _disposed;

    /// <summary>The widget block's options (<c>source</c>, <c>type</c>).</summary>
    [Parameter] public IReadOnlyDictionary<string, string>? Options { get; set; }

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject] private QuantizeJobQueue Queue { get; set; } = default!;
    [Inject] private ModelCatalog Catalog { get; set; } = default!;

    private bool Busy => _job is { Status: "queued" or "running" };

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        _models = Catalog.List();
        var wanted = WidgetOptions.Text(Options, "source", "stories260K.gguf");
        _source = _models.FirstOrDefault(m => m.FileName == wanted)?.FileName ?? _models.FirstOrDefault()?.FileName ?? "";
        _type = QuantizationType.Find(WidgetOptions.Text(Options, "type", "Q4_K_M"))?.Name ?? "Q4_K_M";
        Queue.Changed += OnChanged;
    }

    private void SourceChanged(ChangeEventArgs e) => _source = e.Value?.ToString() ?? "";

    private void TypeChanged(ChangeEventArgs e) => _type = e.Value?.ToString() ?? _type;

    private void RequantizeChanged(ChangeEventArgs e) => _allowRequantize = e.Value is true || string.Equals(e.Value?.ToString(), "true", StringComparison.OrdinalIgnoreCase);

    private async Task Start()
    {
        _error = null;
        var user = AuthenticationState is null ? null : LabUser.FromPrincipal((await AuthenticationState).User);
        if (user is null)
        {
            _error = "Sign in to quantize models.";
            return;
        }
        try
        {
            var job = Queue.Enqueue(user.UserId, _source, _type, _allowRequantize, maxActivePerOwner: user.Role == Lab.Storage.LabRoles.Student ? 1 : null);
            _jobId = job.Id;
            _job = job.Snapshot();
        }
        catch (QuantizeRequestException e)
        {
            _error = e.Message;
        }
    }

    private void Cancel()
    {
        if (_jobId is { } id) _job = Queue.Cancel(id)?.Snapshot();
    }

    private void OnChanged(QuantizeJobView view)
    {
        if (_disposed || view.Id != _jobId) return;
        _ = InvokeAsync(() =>
        {
            if (_disposed) return;
            _job = Queue.Find(view.Id)?.Snapshot() ?? view;
            if (_job.Status == "done") _models = Catalog.List();
            StateHasChanged();
        });
    }

    private static string FormatBytes(long bytes) => bytes >= 1024 * 1024
        ? (bytes / 1024.0 / 1024.0).ToString("0.00", CultureInfo.InvariantCulture) + " MiB"
        : (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB";

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        Queue.Changed -= OnChanged;
        GC.SuppressFinalize(this);
    }
}
