using Microsoft.Extensions.Logging;
using Workbench.Lab.Storage;

namespace Workbench.Lab.Grading.Submissions;

/// <summary>
/// Tells the UI and the instructor dashboard when a submission is stored and when it is graded (singleton). Handlers
/// run synchronously on the raising thread (a grading worker or the submitting request): keep them short and
/// marshal UI work with <c>InvokeAsync</c>. A handler's exception is logged and does not reach the raiser or stop
/// the other handlers.
/// </summary>
/// <param name="logger">Logs handlers' exceptions.</param>
public sealed class SubmissionEvents(ILogger<SubmissionEvents> logger)
{
    /// <summary>A submission was stored (status <see cref="SubmissionStatus.Pending"/>).</summary>
    public event Action<Submission>? SubmissionCreated;

    /// <summary>A submission was graded (status <see cref="SubmissionStatus.Graded"/>, with its result).</summary>
    public event Action<Submission>? SubmissionGraded;

    /// <summary>Raises <see cref="SubmissionCreated"/>.</summary>
    /// <param name="submission">The stored submission.</param>
    public void RaiseCreated(Submission submission) => Raise(SubmissionCreated, submission, nameof(SubmissionCreated));

    /// <summary>Raises <see cref="SubmissionGraded"/>.</summary>
    /// <param name="submission">The graded submission.</param>
    public void RaiseGraded(Submission submission) => Raise(SubmissionGraded, submission, nameof(SubmissionGraded));

    private void Raise(Action<Submission>? handlers, Submission submission, string name)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (handlers is null)
        {
            return;
        }
        foreach (var handler in handlers.GetInvocationList().Cast<Action<Submission>>())
        {
            try
            {
                handler(submission);
            }
            catch (Exception e)
            {
                logger.LogError(e, "A {Event} handler failed for submission {SubmissionId}.", name, submission.Id);
            }
        }
    }
}
