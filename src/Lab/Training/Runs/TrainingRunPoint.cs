namespace Workbench.Lab.Training.Runs;

/// <summary>One point of the loss curve: a <c>step</c> line of the <c>Workbench.Train --json</c> protocol.</summary>
/// <param name="Step">The optimizer step (1-based, ≤ <paramref name="Steps"/>).</param>
/// <param name="Steps">The run's total steps.</param>
/// <param name="Loss">Mean next-token cross-entropy over the batch's assistant tokens, in nats.</param>
/// <param name="LearningRate">The learning rate of this step (after warm-up/decay).</param>
/// <param name="TokensPerSecond">Training throughput, tokens per second.</param>
/// <param name="ElapsedMs">Milliseconds since the child started.</param>
public sealed record TrainingRunPoint(int Step, int Steps, double Loss, double LearningRate, double TokensPerSecond, long ElapsedMs);
