namespace Workbench.Web.Quantization;

/// <summary>Where a quantize job is: queued → running → done | failed | cancelled.</summary>
public enum QuantizeJobStatus
{
    /// <summary>Waiting for the one quantization slot.</summary>
    Queued,
    /// <summary>The model-tool process is quantizing.</summary>
    Running,
    /// <summary>The output file is written.</summary>
    Done,
    /// <summary>It failed; <see cref="QuantizeJobView.Error"/> says why, and no partial file is left.</summary>
    Failed,
    /// <summary>Cancelled before or while running; no partial file is left.</summary>
    Cancelled,
}
