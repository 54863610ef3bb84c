namespace Workbench.Lab.Agent;

/// <summary><see cref="AgentRunService.Start"/> refused a run: too many runs at once overall, or the owner already
/// has one running (the message says which; the API answers 429).</summary>
/// <param name="message">The reason.</param>
public sealed class AgentRunRejectedException(string message) : Exception(message);
