using Workbench.Engine.Quantization;

namespace Workbench.Web.Quantization;

/// <summary>One quantization in <see cref="QuantizeJobQueue"/>: its request and its changing state. Read it through
/// <see cref="Snapshot"/>; only the queue changes it.</summary>
public sealed class QuantizeJob
{
    private readonly Lock _gate = new();
    private QuantizeJobStatus _status = QuantizeJobStatus.Queued;
    private double _progress;
    private string? _message;
    private QuantizeResult? _result;
    private string? _error;

    internal QuantizeJob(string id, string ownerId, string sourcePath, QuantizationType type, bool allowRequantize, string outputPath)
    {
        Id = id;
        OwnerId = ownerId;
        SourcePath = sourcePath;
        Type = type;
        AllowRequantize = allowRequantize;
        OutputPath = outputPath;
        SourceBytes = new FileInfo(sourcePath).Length;
    }

    /// <summary>The job id (32 hex digits).</summary>
    public string Id { get; }

    /// <summary>The user who queued it.</summary>
    public string OwnerId { get; }

    /// <summary>The source file's full path.</summary>
    public string SourcePath { get; }

    /// <summary>The source file's size in bytes when queued.</summary>
    public long SourceBytes { get; }

    /// <summary>The quantization type.</summary>
    public QuantizationType Type { get; }

    /// <summary>Whether an already quantized source is allowed.</summary>
    public bool AllowRequantize { get; }

    /// <summary>Where the output goes (in the lab's output models folder).</summary>
    public string OutputPath { get; }

    /// <summary>When it was queued (UTC).</summary>
    public DateTimeOffset CreatedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>Cancels it (a running job's model-tool process is killed).</summary>
    internal CancellationTokenSource Cancellation { get; } = new();

    /// <summary>The current status.</summary>
    public QuantizeJobStatus Status { get { lock (_gate) return _status; } }

    /// <summary>Whether it is queued or running.</summary>
    public bool IsActive => Status is QuantizeJobStatus.Queued or QuantizeJobStatus.Running;

    /// <summary>A consistent copy of the job's state.</summary>
    public QuantizeJobView Snapshot()
    {
        lock (_gate)
        {
            return new QuantizeJobView(Id, _status.ToString().ToLowerInvariant(), _progress, _message, Path.GetFileName(SourcePath),
                SourceBytes, Type.Name, AllowRequantize,
                _result is { } r ? new QuantizeJobOutput(r.Name, r.Path, r.Bytes) : null,
                _result?.Tensors, _result?.QuantBitsPerWeight, _result?.Warnings ?? [], _error, CreatedAt);
        }
    }

    /// <summary>Moves to <paramref name="status"/> unless the job has already ended; returns whether it moved.</summary>
    internal bool TrySet(QuantizeJobStatus status, QuantizeResult? result = null, string? error = null)
    {
        lock (_gate)
        {
            if (_status is QuantizeJobStatus.Done or QuantizeJobStatus.Failed or QuantizeJobStatus.Cancelled) return false;
            _status = status;
            if (result is not null) { _result = result; _progress = 1; _message = null; }
            if (error is not null) _error = error;
            if (status is QuantizeJobStatus.Failed or QuantizeJobStatus.Cancelled) _message = null;
            return true;
        }
    }

    internal void SetProgress(double fraction, string? message)
    {
        lock (_gate)
        {
            if (_status != QuantizeJobStatus.Running) return;
            _progress = Math.Clamp(fraction, 0, 1);
            _message = message;
        }
    }
}
