namespace Workbench.Lab.Training.Runs;

/// <summary>A start was refused: the owner already has a queued or running run. The message is safe to show.</summary>
/// <param name="message">Why.</param>
public sealed class TrainingRunRejectedException(string message) : Exception(message);
