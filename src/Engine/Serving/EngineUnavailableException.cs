using Workbench.Engine.Inference;

namespace Workbench.Engine.Serving;

/// <summary>
/// The inference worker cannot be reached: not started yet, restarting after a crash, or it died in the middle
/// of a stream. Thrown by <see cref="RemoteInferenceEngine"/>; the API answers it with 503
/// (<c>unavailable_error</c>). The message is safe to show to users.
/// </summary>
public sealed class EngineUnavailableException : EngineException
{
    /// <summary>The default, user-facing message.</summary>
    public const string DefaultMessage = "The inference worker stopped unexpectedly and is restarting; try again in a moment.";

    /// <summary>Creates the exception with <see cref="DefaultMessage"/>.</summary>
    /// <param name="inner">The transport error (connection refused, stream cut), or null.</param>
    public EngineUnavailableException(Exception? inner = null) : base(DefaultMessage, inner) { }

    /// <summary>Creates the exception with a specific safe message (for example the worker's own 503 message).</summary>
    /// <param name="message">A message safe to show to users.</param>
    /// <param name="inner">The underlying error, or null.</param>
    public EngineUnavailableException(string message, Exception? inner = null) : base(message, inner) { }
}
