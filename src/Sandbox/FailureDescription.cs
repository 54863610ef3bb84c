using System.Diagnostics;
using System.Reflection;

namespace Workbench.Sandbox;

/// <summary>Turns an exception from a harness call into the <see cref="CallError"/> sent to the grader: its type
/// name, message and the student's line, the innermost stack frame in one of the student's files (the harness's
/// own lines are not the student's). The grader shows it as <c>Type: message (at Solution.cs:12)</c>.</summary>
internal static class FailureDescription
{
    private const int MaxLength = 1000;

    public static CallError Describe(Exception exception, IReadOnlyCollection<string> studentFiles)
    {
        exception = Unwrap(exception);
        return new CallError(exception.GetType().Name, Truncate(exception.Message), FindStudentLocation(exception, studentFiles),
            OutOfMemory: exception is OutOfMemoryException);
    }

    /// <summary>Reflection and Task wrappers hide the exception the code threw; take it out.</summary>
    public static Exception Unwrap(Exception exception)
    {
        while (true)
        {
            switch (exception)
            {
                case TargetInvocationException { InnerException: { } inner }:
                    exception = inner;
                    break;
                case AggregateException { InnerExceptions.Count: 1 } aggregate:
                    exception = aggregate.InnerExceptions[0];
                    break;
                default:
                    return exception;
            }
        }
    }

    /// <summary><c>File.cs:line</c> of the innermost frame in a student file, searching inner exceptions too.</summary>
    private static string? FindStudentLocation(Exception exception, IReadOnlyCollection<string> studentFiles)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            foreach (var frame in new StackTrace(e, fNeedFileInfo: true).GetFrames())
            {
                var file = frame.GetFileName();
                if (file is null || frame.GetFileLineNumber() <= 0) continue;
                var name = Path.GetFileName(file);
                if (studentFiles.Contains(name)) return $"{name}:{frame.GetFileLineNumber()}";
            }
        }
        return null;
    }

    private static string Truncate(string text) => text.Length <= MaxLength ? text : text[..MaxLength] + "…";
}
