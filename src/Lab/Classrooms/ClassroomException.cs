namespace Workbench.Lab.Classrooms;

/// <summary>A classroom operation was refused for a reason the user can fix (an unknown join code, an invalid
/// display name). <see cref="Exception.Message"/> is safe to show; <see cref="Code"/> is a stable identifier
/// (one of the constants here) that travels in URLs instead of the message.</summary>
public sealed class ClassroomException : Exception
{
    /// <summary>No class has the join code.</summary>
    public const string UnknownCode = "unknown-code";

    /// <summary>A student of the class already has the display name (compared ignoring case): joining again would
    /// create a second, empty student; they sign back in with their re-entry code instead.</summary>
    public const string NameTaken = "name-taken";

    /// <summary>The display name and re-entry code do not match a student of the class (the same answer for an
    /// unknown name and a wrong code).</summary>
    public const string InvalidReentryCode = "invalid-reentry-code";

    /// <summary>The display name is empty, too long or contains control characters.</summary>
    public const string InvalidDisplayName = "invalid-display-name";

    /// <summary>The class name is empty or too long.</summary>
    public const string InvalidClassName = "invalid-class-name";

    /// <summary>A quota is out of range.</summary>
    public const string InvalidQuota = "invalid-quota";

    /// <summary>The user is not an instructor.</summary>
    public const string NotInstructor = "not-instructor";

    /// <summary>Creates the exception.</summary>
    /// <param name="code">One of the constants of this class.</param>
    /// <param name="message">A message safe to show to the user.</param>
    public ClassroomException(string code, string message) : base(message) => Code = code;

    /// <summary>The stable identifier of the problem.</summary>
    public string Code { get; }
}
