namespace Workbench.Lab.Grading.Training;

/// <summary>
/// The training step of a training exercise: fine-tune the committed tool model (<c>models/workbench-tools.gguf</c>)
/// on a student's conversations mixed with a replay of the base corpus, for a bounded number of steps, then run the
/// hidden cases through the fine-tuned model with <c>tool_choice: "auto"</c> and greedy decoding. Implemented with
/// <c>ToolModelTraining.RunAsync</c>; when none is registered, <see cref="TrainingCorpusGrader"/> reports the training
/// checks as not run.
/// </summary>
public interface ICorpusFineTuner
{
    /// <summary>Why this fine-tuner cannot train here (for example the base model file is missing), for the
    /// student's check message; null when it can.</summary>
    string? Unavailable { get; }

    /// <summary>Fine-tunes and evaluates. The output model is temporary and deleted afterwards.</summary>
    /// <param name="request">The conversations, the hidden cases and the spec.</param>
    /// <param name="cancellationToken">Stops training.</param>
    /// <returns>One outcome per hidden case.</returns>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    Task<FineTuneEvaluation> FineTuneAndEvaluateAsync(FineTuneRequest request, CancellationToken cancellationToken);
}
