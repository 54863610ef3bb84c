using Workbench.Lab.Content;
using Workbench.Lab.Quotas;

namespace Workbench.Lab.Grading;

/// <summary>Grades a submission of any exercise kind (dispatching to the code, property or quiz grader).</summary>
public interface IExerciseGrader
{
    /// <summary>Grades <paramref name="request"/>. Never throws for the student's faults (compile errors, exceptions,
    /// timeouts, memory bombs are results); throws only when cancelled.</summary>
    /// <param name="request">What to grade.</param>
    /// <param name="cancellationToken">Cancels grading (the sandbox process is killed).</param>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    Task<GradeResult> GradeAsync(GradingRequest request, CancellationToken cancellationToken);
}

/// <summary>One grading job.</summary>
/// <param name="Lab">The lab.</param>
/// <param name="Exercise">The exercise (of <paramref name="Lab"/>).</param>
/// <param name="Payload">What was submitted.</param>
/// <param name="Attempt">The attempt number to report.</param>
/// <param name="UserId">Who submitted (engine quotas are charged to them); null for tests and benchmarks.</param>
public sealed record GradingRequest(LabDefinition Lab, ExerciseDefinition Exercise, SubmissionPayload Payload, int Attempt, string? UserId)
{
    /// <summary>Who the engine's quotas charge for the grading's generations: <see cref="UserId"/> (no class), or
    /// <see cref="EngineCaller.Anonymous"/> when there is none.</summary>
    public EngineCaller Caller => UserId is { } user ? new EngineCaller(user, null) : EngineCaller.Anonymous;
}
