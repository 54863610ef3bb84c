namespace Workbench.Engine.Requests;

/// <summary>
/// A request <see cref="RequestValidator"/> rejects: the HTTP API answers it as a 400 in OpenAI's error shape
/// (<c>param</c> = <see cref="Field"/>, <c>code</c> = <see cref="Code"/>), the hub as a <c>HubException</c> with the
/// camelCase field (<see cref="RequestFieldNames.ToCamelCase"/>). The message is safe to return to a client.
/// </summary>
/// <param name="field">The field at fault as an OpenAI wire path in snake_case: <c>temperature</c>,
/// <c>messages[2].tool_call_id</c>, <c>tools[0].function.parameters</c>.</param>
/// <param name="code">OpenAI-style error code: <c>invalid_value</c>, <c>unsupported_schema</c>, <c>invalid_schema</c>.</param>
/// <param name="message">The rule that was broken, naming the field in quotes (<c>'top_k' must be 0 or more.</c>).</param>
public sealed class RequestValidationException(string field, string code, string message) : ArgumentException(message, field)
{
    /// <summary>The snake_case wire path of the field at fault.</summary>
    public string Field { get; } = field;

    /// <summary>The error code (<see cref="InvalidValue"/> unless stated).</summary>
    public string Code { get; } = code;

    /// <inheritdoc/>
    public override string Message { get; } = message;

    /// <summary>The code of a value out of range or of the wrong shape.</summary>
    public const string InvalidValue = "invalid_value";

    /// <summary>The code of a JSON Schema keyword outside the grammar converter's subset.</summary>
    public const string UnsupportedSchema = "unsupported_schema";

    /// <summary>The code of a malformed JSON Schema (for example <c>parameters</c> that is not an object schema).</summary>
    public const string InvalidSchema = "invalid_schema";

    /// <summary>An <see cref="InvalidValue"/> error.</summary>
    internal static RequestValidationException Invalid(string field, string message) => new(field, InvalidValue, message);
}
