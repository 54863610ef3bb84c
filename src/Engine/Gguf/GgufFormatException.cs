namespace Workbench.Engine.Gguf;

/// <summary>A file is not a well-formed GGUF file: wrong magic, unsupported version, truncated, an absurd count, a
/// bad type, a tensor out of bounds. The message says what and, where it applies, at which byte.</summary>
public sealed class GgufFormatException : Exception
{
    /// <summary>Creates the exception with a message safe to show (it names no host path).</summary>
    public GgufFormatException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the I/O error behind it.</summary>
    public GgufFormatException(string message, Exception innerException) : base(message, innerException) { }
}
