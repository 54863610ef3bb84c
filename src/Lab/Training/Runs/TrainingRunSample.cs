namespace Workbench.Lab.Training.Runs;

/// <summary>A reply generated at a checkpoint: a <c>sample</c> line of the <c>Workbench.Train --json</c> protocol (the
/// same fixed prompts at step 0 and every <c>--sample-every</c> steps, greedy).</summary>
/// <param name="Step">The step the model had reached (0 = untrained).</param>
/// <param name="Prompt">The user prompt.</param>
/// <param name="Text">The assistant's reply text, as generated (untrusted: render it as text).</param>
public sealed record TrainingRunSample(int Step, string Prompt, string Text);
