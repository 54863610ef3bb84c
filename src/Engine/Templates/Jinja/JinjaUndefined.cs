namespace Workbench.Engine.Templates.Jinja;

/// <summary>The value of a name or attribute that does not exist (jinja2's default <c>Undefined</c>): prints as
/// the empty string, is falsy, iterates as empty, and fails on attribute access or arithmetic.</summary>
internal sealed class JinjaUndefined(string message)
{
    /// <summary>What using it is an error with: <c>'x' is undefined</c>, <c>'dict object' has no attribute 'y'</c>.</summary>
    public string Message { get; } = message;

    public override string ToString() => "";
}
