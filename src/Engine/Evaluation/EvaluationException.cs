using Workbench.Engine.Inference;

namespace Workbench.Engine.Evaluation;

/// <summary>An evaluation (perplexity, KL divergence, comparison) cannot run on the given input: a text shorter than
/// 2 × n_ctx tokens, an n_ctx outside 16 … the model's n_ctx_train, models with different vocabularies, a vocabulary
/// that appends EOS. The message says which and what would work. The web API answers it with 422.</summary>
public sealed class EvaluationException(string message) : EngineException(message);
