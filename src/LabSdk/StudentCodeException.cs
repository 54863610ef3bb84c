namespace Workbench.LabSdk;

/// <summary>
/// Thrown by <see cref="CheckContext.CallAsync(string, System.Text.Json.Nodes.JsonNode?)"/> when the student's code
/// threw inside the sandbox. A check may catch it to expect an exception (compare <see cref="ExceptionType"/>); left
/// uncaught, it fails the check with <see cref="Exception.Message"/>: <c>Type: message (at Solution.cs:12)</c>.
/// </summary>
public sealed class StudentCodeException : Exception
{
    /// <summary>Creates the exception from the sandbox's description.</summary>
    /// <param name="exceptionType">The thrown exception's type name without namespace, for example <c>NotImplementedException</c>.</param>
    /// <param name="studentMessage">Its message (at most 1,000 characters).</param>
    /// <param name="location"><c>File.cs:line</c> of the innermost frame in the student's files, or null.</param>
    public StudentCodeException(string exceptionType, string studentMessage, string? location)
        : base($"{exceptionType}: {studentMessage}" + (location is null ? "" : $" (at {location})"))
    {
        ExceptionType = exceptionType;
        StudentMessage = studentMessage;
        Location = location;
    }

    /// <summary>The thrown exception's type name, for example <c>ContextWindowExceededException</c>.</summary>
    public string ExceptionType { get; }

    /// <summary>The thrown exception's message.</summary>
    public string StudentMessage { get; }

    /// <summary><c>Solution.cs:12</c>, or null when no frame was in the student's files.</summary>
    public string? Location { get; }
}
