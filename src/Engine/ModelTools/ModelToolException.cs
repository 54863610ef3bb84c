namespace Workbench.Engine.ModelTools;

/// <summary>A model-tool operation failed: the operation reported an error (its message is this message), or the
/// child process ended without a result (the message describes the exit — the signal for a native abort — and
/// quotes its last lines).</summary>
public sealed class ModelToolException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, for the user.</param>
    public ModelToolException(string message) : base(message) { }

    /// <summary>Creates the exception with a cause.</summary>
    /// <param name="message">What went wrong, for the user.</param>
    /// <param name="innerException">The cause.</param>
    public ModelToolException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with no message.</summary>
    public ModelToolException() : base("The model tool failed.") { }

    /// <summary>The child's last standard-error and log lines, oldest first (empty when the operation itself
    /// reported the error).</summary>
    public IReadOnlyList<string> LastLines { get; init; } = [];
}
