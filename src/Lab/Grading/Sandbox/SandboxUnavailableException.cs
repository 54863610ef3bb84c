namespace Workbench.Lab.Grading.Sandbox;

/// <summary>The grading sandbox cannot be started safely here (no working <c>unshare</c> for a network namespace,
/// or the sandbox executable is missing). Code is never run without the sandbox.</summary>
/// <param name="message">What is missing and how to fix it.</param>
public sealed class SandboxUnavailableException(string message) : Exception(message);
