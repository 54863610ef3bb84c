using Microsoft.Extensions.Logging;

namespace Workbench.Lab.Classrooms;

/// <summary>
/// Tells open pages what <see cref="ClassroomService"/> changed (singleton): the instructor's dashboard shows a join
/// without a reload, a student's open lab page learns that their attempts were reset. Handlers run synchronously on
/// the raising thread (the request that joined or reset): keep them short and marshal UI work with
/// <c>InvokeAsync</c>. A handler's exception is logged and reaches neither the raiser nor the other handlers.
/// Submissions have their own events (<see cref="Grading.Submissions.SubmissionEvents"/>).
/// </summary>
/// <param name="logger">Logs handlers' exceptions.</param>
public sealed class ClassroomEvents(ILogger<ClassroomEvents> logger)
{
    /// <summary>A student joined a class (a new account, enrolled) or signed back in with their re-entry code.</summary>
    public event Action<StudentJoined>? StudentJoined;

    /// <summary>An instructor reset a student's attempts at one exercise.</summary>
    public event Action<AttemptsReset>? AttemptsReset;

    /// <summary>Raises <see cref="StudentJoined"/>.</summary>
    /// <param name="joined">Who joined which class.</param>
    public void RaiseStudentJoined(StudentJoined joined) => Raise(StudentJoined, joined, nameof(StudentJoined));

    /// <summary>Raises <see cref="AttemptsReset"/>.</summary>
    /// <param name="reset">Whose attempts at what.</param>
    public void RaiseAttemptsReset(AttemptsReset reset) => Raise(AttemptsReset, reset, nameof(AttemptsReset));

    private void Raise<T>(Action<T>? handlers, T value, string name)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (handlers is null) return;
        foreach (var handler in handlers.GetInvocationList().Cast<Action<T>>())
        {
            try
            {
                handler(value);
            }
            catch (Exception e)
            {
                logger.LogError(e, "A {Event} handler failed for {Value}.", name, value);
            }
        }
    }
}
