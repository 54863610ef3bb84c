namespace Workbench.Lab.Training.Runs;

/// <summary>A training run as <see cref="TrainingRunService"/> holds it (immutable; each change publishes a new one).</summary>
/// <param name="Id">32 hex digits.</param>
/// <param name="OwnerId">The user who started it (only they may see or stop it; an instructor sees every run).</param>
/// <param name="Request">The knobs.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Phase">The child's latest <c>phase</c> (<c>corpus</c>, <c>tokenizer</c>, <c>tokenize</c>, <c>train</c>,
/// <c>export</c>, <c>eval</c>), or null before the first.</param>
/// <param name="Points">The loss curve so far, in step order.</param>
/// <param name="Samples">The checkpoint samples so far, in arrival order.</param>
/// <param name="ModelPath">The trained GGUF's full path (<c>{Training:OutputDirectory}/trained-&lt;id&gt;.gguf</c>) once done.</param>
/// <param name="Parameters">The model's parameter count once done.</param>
/// <param name="SizeInBytes">The model file's size once done.</param>
/// <param name="FinalLoss">The last loss the child reported once done.</param>
/// <param name="Error">Why it failed (the child's message, or its exit and last stderr lines), or null.</param>
/// <param name="QueuedAt">When it was accepted.</param>
/// <param name="StartedAt">When its child started, or null while queued.</param>
/// <param name="EndedAt">When it ended, or null.</param>
public sealed record TrainingRunRecord(
    string Id,
    string OwnerId,
    TrainingRunRequest Request,
    TrainingRunStatus Status,
    string? Phase,
    IReadOnlyList<TrainingRunPoint> Points,
    IReadOnlyList<TrainingRunSample> Samples,
    string? ModelPath,
    long? Parameters,
    long? SizeInBytes,
    double? FinalLoss,
    string? Error,
    DateTimeOffset QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt)
{
    /// <summary>Whether it is queued or running.</summary>
    public bool IsActive => Status is TrainingRunStatus.Queued or TrainingRunStatus.Running;
}
