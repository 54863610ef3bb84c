namespace Workbench.Engine.Templates.Jinja;

/// <summary>A runtime failure raised by a helper that does not know where in the template it is (a filter, a
/// method, an operator); the evaluator turns it into a <see cref="JinjaException"/> at the innermost node.</summary>
internal sealed class JinjaRuntimeError(string message) : Exception(message);
