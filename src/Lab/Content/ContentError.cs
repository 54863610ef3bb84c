namespace Workbench.Lab.Content;

/// <summary>A problem in lab content, located precisely enough to fix.</summary>
/// <param name="File">The file's path relative to the labs root, for example <c>01-chat-completions/lab.md</c>.</param>
/// <param name="Line">1-based line, or 0 when the problem concerns the whole file (for example a missing file).</param>
/// <param name="Message">What is wrong, for example <c>unknown widget 'wire-inspektor' (known: ...)</c>.</param>
public sealed record ContentError(string File, int Line, string Message)
{
    /// <summary><c>file:line: message</c>, the compiler-style form used in logs and exceptions.</summary>
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}

/// <summary>Lab content failed validation; <see cref="Exception.Message"/> lists every error as <c>file:line: message</c>.</summary>
public sealed class LabContentException : Exception
{
    /// <summary>Creates the exception from the errors found.</summary>
    /// <param name="errors">At least one error.</param>
    public LabContentException(IReadOnlyList<ContentError> errors)
        : base("Lab content is invalid:\n" + string.Join('\n', errors.Select(e => "  " + e)))
    {
        Errors = errors;
    }

    /// <summary>The errors, in file order.</summary>
    public IReadOnlyList<ContentError> Errors { get; }
}
