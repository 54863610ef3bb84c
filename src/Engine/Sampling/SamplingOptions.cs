namespace Workbench.Engine.Sampling;

/// <summary>
/// The standard sampling parameters, applied as a llama.cpp sampler chain in llama-server's order:
/// logit bias (<see cref="LogitBias"/> and the ignore_eos bans) → penalties → (grammar) → top_k → top_p → min_p → temperature → dist (or greedy when temperature is 0).
/// Ranges are enforced by <see cref="Validate"/>.
/// </summary>
public sealed record SamplingOptions
{
    /// <summary>Softmax temperature, 0–2 (0 = greedy). Default 0.8.</summary>
    public float Temperature { get; init; } = 0.8f;
    /// <summary>Keep the k most probable tokens, 0 = off. Range 0–n_vocab. Default 40.</summary>
    public int TopK { get; init; } = 40;
    /// <summary>Nucleus sampling mass, (0, 1]; 1 = off. Default 0.95.</summary>
    public float TopP { get; init; } = 0.95f;
    /// <summary>Drop tokens below min_p × the top probability, [0, 1); 0 = off. Default 0.05.</summary>
    public float MinP { get; init; } = 0.05f;
    /// <summary>Repetition penalty over the last <see cref="RepeatLastN"/> tokens, 0–10; 1 = off. Default 1.</summary>
    public float RepeatPenalty { get; init; } = 1.0f;
    /// <summary>Window of the penalties, in tokens, 0–4096 (−1 is not accepted). Default 64.</summary>
    public int RepeatLastN { get; init; } = 64;
    /// <summary>OpenAI presence penalty, −2–2. Default 0.</summary>
    public float PresencePenalty { get; init; }
    /// <summary>OpenAI frequency penalty, −2–2. Default 0.</summary>
    public float FrequencyPenalty { get; init; }
    /// <summary>Seed of the dist sampler; null = random. The same seed, prompt and parameters reproduce the output.</summary>
    public uint? Seed { get; init; }
    /// <summary>Ban every end-of-generation token so the model writes until <c>max_tokens</c> or the context
    /// window (llama-server's <c>ignore_eos</c>; benchmarks and streaming demonstrations use it). Default false.</summary>
    public bool IgnoreEos { get; init; }
    /// <summary>A GBNF grammar (llama.cpp's grammar format) constraining the output, or null.</summary>
    public string? Grammar { get; init; }
    /// <summary>OpenAI's <c>logit_bias</c>: token id → a bias from −100 to 100 added to that token's logit before
    /// any other sampler (llama.cpp's <c>llama_sampler_init_logit_bias</c>, first in the chain as in llama-server).
    /// −100 in practice bans the token and +100 forces it. Null or empty = none. Ids must be ≥ 0 and below the
    /// model's n_vocab (the API checks this against the loaded model).</summary>
    public IReadOnlyDictionary<int, float>? LogitBias { get; init; }
    /// <summary>The grammar's start rule. Default <c>root</c>.</summary>
    public string GrammarRoot { get; init; } = "root";

    /// <summary>Makes <see cref="Grammar"/> lazy (llama.cpp's <c>llama_sampler_init_grammar_lazy_patterns</c>,
    /// llama-server's <c>grammar_triggers</c> of type pattern): the output is free until one of these regexes
    /// (ECMAScript syntax, as std::regex reads it) matches the output so far — a pattern spelled <c>^…$</c> must match
    /// all of it, any other is searched for — and from then on the grammar constrains the rest, fed from the
    /// pattern's first non-empty capture group. What it is fed must fit the grammar. Null or empty = none; every
    /// pattern non-empty and a valid regex; needs <see cref="Grammar"/>.</summary>
    public IReadOnlyList<string>? GrammarTriggerPatterns { get; init; }

    /// <summary>Token ids that make <see cref="Grammar"/> lazy and trigger it (the grammar is fed from that token on),
    /// as llama-server's <c>grammar_triggers</c> of type token (e.g. a model's special <c>&lt;tool_call&gt;</c> token).
    /// Null or empty = none; ids ≥ 0 and below n_vocab (checked when the sampler is built); needs
    /// <see cref="Grammar"/>.</summary>
    public IReadOnlyList<int>? GrammarTriggerTokens { get; init; }

    /// <summary>Whether the grammar is lazy: <see cref="GrammarTriggerPatterns"/> or <see cref="GrammarTriggerTokens"/>
    /// is non-empty.</summary>
    public bool HasGrammarTriggers => GrammarTriggerPatterns is { Count: > 0 } || GrammarTriggerTokens is { Count: > 0 };

    /// <summary>Checks every range above.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range; ParamName is the OpenAI field name and
    /// Message the rule alone, without .NET's <c>(Parameter '…')</c> suffix.</exception>
    public void Validate()
    {
        Check(Temperature is >= 0 and <= 2, "temperature", "must be between 0 and 2");
        Check(TopK >= 0, "top_k", "must be 0 or more");
        Check(TopP is > 0 and <= 1, "top_p", "must be in (0, 1]");
        Check(MinP is >= 0 and < 1, "min_p", "must be in [0, 1)");
        Check(RepeatPenalty is >= 0 and <= 10, "repeat_penalty", "must be between 0 and 10");
        Check(RepeatLastN is >= 0 and <= 4096, "repeat_last_n", "must be between 0 and 4096");
        Check(PresencePenalty is >= -2 and <= 2, "presence_penalty", "must be between -2 and 2");
        Check(FrequencyPenalty is >= -2 and <= 2, "frequency_penalty", "must be between -2 and 2");
        foreach (var (token, bias) in LogitBias ?? new Dictionary<int, float>())
        {
            Check(token >= 0, "logit_bias", "keys must be token ids (0 or more)");
            Check(float.IsFinite(bias) && bias is >= -100 and <= 100, "logit_bias", "values must be between -100 and 100");
        }
        if (HasGrammarTriggers)
        {
            Check(!string.IsNullOrEmpty(Grammar), "grammar_triggers", "need a grammar");
            foreach (string pattern in GrammarTriggerPatterns ?? [])
            {
                if (Workbench.Engine.Grammar.GbnfGrammar.TriggerPatternError(pattern) is { } error) throw new SamplingOptionException("grammar_triggers", error);
            }
            foreach (int token in GrammarTriggerTokens ?? []) Check(token >= 0, "grammar_triggers", "token ids must be 0 or more");
        }
    }

    private static void Check(bool ok, string name, string rule)
    {
        if (!ok) throw new SamplingOptionException(name, $"'{name}' {rule}.");
    }
}
