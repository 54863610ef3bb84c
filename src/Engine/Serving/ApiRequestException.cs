namespace Workbench.Engine.Serving;

/// <summary>A request the API rejects before it reaches the engine (400 unless stated): the message is safe
/// to return, <see cref="Param"/> names the offending field in OpenAI's manner (<c>messages[1].role</c>).</summary>
internal sealed class ApiRequestException(string message, string? param, string? code = "invalid_value", int status = 400)
    : Exception(message)
{
    public string? Param { get; } = param;
    public string? Code { get; } = code;
    public int Status { get; } = status;
}
