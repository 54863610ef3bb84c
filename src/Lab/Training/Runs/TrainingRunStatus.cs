namespace Workbench.Lab.Training.Runs;

/// <summary>Where a training run of <see cref="TrainingRunService"/> stands. On the wire: the lower-case name.</summary>
public enum TrainingRunStatus
{
    /// <summary>Waiting for the server's one training slot (<see cref="TrainingRunService.QueuePosition"/>).</summary>
    Queued,

    /// <summary>The <c>Workbench.Train</c> child is running.</summary>
    Running,

    /// <summary>The child reported <c>done</c> and exited 0; <see cref="TrainingRunRecord.ModelPath"/> is the model.</summary>
    Done,

    /// <summary>Stopped by its owner (or by the server's shutdown) before it ended; no model.</summary>
    Stopped,

    /// <summary>The child reported an error, crashed, printed a line that is not the protocol, or ran past
    /// <c>Training:MaxMinutes</c>; <see cref="TrainingRunRecord.Error"/> says which.</summary>
    Failed,
}
