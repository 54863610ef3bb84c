namespace Workbench.LabSdk;

/// <summary>Thrown by a check to fail it. The message is shown to the student as it is: say what was expected
/// and what was found, without revealing how the check works.</summary>
public sealed class CheckFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, for the student, for example
    /// <c>messages[0].role was "user"; expected "system"</c>.</param>
    public CheckFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the error that caused it.</summary>
    /// <param name="message">What went wrong, for the student.</param>
    /// <param name="innerException">The underlying error.</param>
    public CheckFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
