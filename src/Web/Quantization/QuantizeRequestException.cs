namespace Workbench.Web.Quantization;

/// <summary>A quantize request that cannot be queued: 400 (unknown type, not a GGUF file, no output folder), 404
/// (no loadable source by that name) or 429 (a student's job is still active in classroom mode).</summary>
public sealed class QuantizeRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The HTTP status to answer.</param>
    /// <param name="message">Why, for the user.</param>
    public QuantizeRequestException(int statusCode, string message) : base(message) => StatusCode = statusCode;

    /// <summary>Creates a 400.</summary>
    public QuantizeRequestException() : this(StatusCodes.Status400BadRequest, "The quantize request is not valid.") { }

    /// <summary>Creates a 400 with a message.</summary>
    /// <param name="message">Why.</param>
    public QuantizeRequestException(string message) : this(StatusCodes.Status400BadRequest, message) { }

    /// <summary>Creates a 400 with a message and cause.</summary>
    /// <param name="message">Why.</param>
    /// <param name="innerException">The cause.</param>
    public QuantizeRequestException(string message, Exception innerException) : base(message, innerException) => StatusCode = StatusCodes.Status400BadRequest;

    /// <summary>The HTTP status to answer.</summary>
    public int StatusCode { get; }
}
