namespace Workbench.Web.Quantization;

/// <summary>An evaluation request that cannot run: 400 (a missing or out-of-range field), 404 (no loadable model by
/// that name: <c>ModelCatalog.NotLoadableMessage</c>), 422 (the model tool refused the input: a text shorter than
/// 2 × n_ctx tokens, n_ctx above the model's, another vocabulary) or 429 (the student's previous evaluation is still
/// running).</summary>
public sealed class EvaluationRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The HTTP status to answer.</param>
    /// <param name="message">Why, for the user.</param>
    public EvaluationRequestException(int statusCode, string message) : base(message) => StatusCode = statusCode;

    /// <summary>Creates a 400.</summary>
    public EvaluationRequestException() : this(StatusCodes.Status400BadRequest, "The evaluation request is not valid.") { }

    /// <summary>Creates a 400 with a message.</summary>
    /// <param name="message">Why.</param>
    public EvaluationRequestException(string message) : this(StatusCodes.Status400BadRequest, message) { }

    /// <summary>Creates a 400 with a message and cause.</summary>
    /// <param name="message">Why.</param>
    /// <param name="innerException">The cause.</param>
    public EvaluationRequestException(string message, Exception innerException) : base(message, innerException) => StatusCode = StatusCodes.Status400BadRequest;

    /// <summary>The HTTP status to answer.</summary>
    public int StatusCode { get; }
}
