using Microsoft.Extensions.Logging;
using Workbench.Lab.Content;
using Workbench.Lab.Storage;

namespace Workbench.Lab.Grading.Submissions;

/// <summary>
/// Accepts a student's submission: validates it against the catalog, stores it <see cref="SubmissionStatus.Pending"/>
/// (so nothing is lost if the process dies), queues it for <see cref="GradingWorker"/> and raises
/// <see cref="SubmissionEvents.SubmissionCreated"/>. Grading happens in the background; the result arrives through
/// <see cref="SubmissionEvents.SubmissionGraded"/> or by reading the submission again. Singleton.
/// </summary>
/// <param name="catalog">The labs.</param>
/// <param name="store">The database.</param>
/// <param name="queue">The grading worker's queue.</param>
/// <param name="events">Where creation is announced.</param>
/// <param name="logger">Logs accepted submissions.</param>
public sealed class SubmissionService(ILabCatalog catalog, ILabStore store, GradingQueue queue, SubmissionEvents events, ILogger<SubmissionService> logger)
{
    /// <summary>The most a submission's files may total, in UTF-8 bytes: 256 KiB.</summary>
    public const int MaxFilesSizeInBytes = 256 * 1024;

    /// <summary>Validates, stores and queues a submission.</summary>
    /// <param name="userId">Who submits (an existing user).</param>
    /// <param name="labId">The lab.</param>
    /// <param name="exerciseId">The exercise of <paramref name="labId"/>.</param>
    /// <param name="payload">Code and property exercises: every starter file by name (same names, nothing else,
    /// at most <see cref="MaxFilesSizeInBytes"/> in all) and no answers. Quizzes: answers to known question ids
    /// (a single-choice question takes one option index, a multiple-choice question distinct indexes, a numeric
    /// one a finite number; unanswered questions score nothing) and no files.</param>
    /// <param name="cancellationToken">Cancels the call (before the submission is stored, or while storing it).</param>
    /// <returns>The stored submission, <see cref="SubmissionStatus.Pending"/>, with its attempt number.</returns>
    /// <exception cref="InvalidSubmissionException">Unknown lab or exercise, or a payload of the wrong shape.</exception>
    /// <exception cref="StoreException">The user does not exist.</exception>
    public async Task<Submission> SubmitAsync(string userId, string labId, string exerciseId, SubmissionPayload payload, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentNullException.ThrowIfNull(payload);
        var lab = catalog.FindLab(labId ?? "") ?? throw new InvalidSubmissionException($"There is no lab '{labId}'.");
        var exercise = lab.FindExercise(exerciseId ?? "") ?? throw new InvalidSubmissionException($"Lab '{lab.Id}' has no exercise '{exerciseId}'.");
        SubmissionValidator.Validate(exercise, payload);

        var submission = await store.CreateSubmissionAsync(userId, lab.Id, exercise.Id, payload, cancellationToken);
        logger.LogInformation("Stored submission {SubmissionId}: user {UserId}, {LabId}/{ExerciseId}, attempt {Attempt}.",
            submission.Id, userId, lab.Id, exercise.Id, submission.Attempt);
        queue.Enqueue(submission.Id);
        events.RaiseCreated(submission);
        return submission;
    }
}
