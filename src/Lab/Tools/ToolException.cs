namespace Workbench.Lab.Tools;

/// <summary>A tool's own refusal (an unknown city, an incompatible unit, an expression it will not evaluate): the
/// message is written for the model and becomes the error result as it stands.</summary>
/// <param name="message">The text the model reads.</param>
public sealed class ToolException(string message) : Exception(message);
