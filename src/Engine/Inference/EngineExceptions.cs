namespace Workbench.Engine.Inference;

/// <summary>Base of the engine's own errors. <see cref="Exception.Message"/> is safe to show to users:
/// it never carries a stack trace or native detail beyond llama.cpp's log line.</summary>
public abstract class EngineException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A GGUF could not be loaded: missing file, not a GGUF, corrupt, or refused by llama.cpp.</summary>
public sealed class ModelLoadException(string message, Exception? inner = null) : EngineException(message, inner);

/// <summary>An operation needs a loaded model and none is loaded.</summary>
public sealed class NoModelLoadedException() : EngineException("No model is loaded. Load a GGUF model first (Model page, or Engine:DefaultModel).");

/// <summary>Text the vocabulary cannot encode, or a token id out of range.</summary>
public sealed class TokenizationException(string message) : EngineException(message);

/// <summary>A chat template name unknown to llama.cpp's built-in matcher, or a template that failed to render.</summary>
public sealed class ChatTemplateException(string message) : EngineException(message);

/// <summary>A GBNF grammar that llama.cpp's parser rejected.</summary>
public sealed class GrammarException(string message) : EngineException(message);

/// <summary>The prompt does not fit the context window; nothing is truncated silently.</summary>
/// <param name="promptTokens">Tokens in the prompt.</param>
/// <param name="contextSize">The per-sequence context window (n_ctx / parallel sequences).</param>
public sealed class PromptTooLongException(int promptTokens, int contextSize)
    : EngineException($"The prompt is {promptTokens} tokens but the context window is {contextSize} tokens. Shorten the conversation or load the model with a larger n_ctx.")
{
    /// <summary>Tokens in the prompt.</summary>
    public int PromptTokens { get; } = promptTokens;
    /// <summary>The per-sequence context window.</summary>
    public int ContextSize { get; } = contextSize;
}

/// <summary>llama.cpp returned an error during decode (not an abort of the process).</summary>
public sealed class DecodeException(string message) : EngineException(message);
