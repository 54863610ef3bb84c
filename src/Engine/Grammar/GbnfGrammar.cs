using System.Text.RegularExpressions;
using Workbench.Engine.Inference;
using Workbench.Engine.Native;
using Workbench.Engine.Native.Handles;
using Workbench.Engine.Sampling;

namespace Workbench.Engine.Grammar;

/// <summary>
/// GBNF grammars (llama.cpp's grammar format, see llama.cpp <c>grammars/README.md</c>) as llama.cpp's grammar
/// sampler sees them: <c>llama_sampler_init_grammar(vocab, gbnf, root)</c> parses the text, checks the root rule
/// and every referenced rule exists and rejects left recursion; it returns NULL when any of that fails.
/// </summary>
internal static class GbnfGrammar
{
    /// <summary>Checks that <paramref name="gbnf"/> parses for <paramref name="model"/>'s vocabulary.</summary>
    /// <param name="gbnf">Grammar text.</param>
    /// <param name="model">The model whose vocabulary the grammar constrains.</param>
    /// <param name="root">The start rule. Default <c>root</c>.</param>
    /// <exception cref="GrammarException">llama.cpp rejected the grammar.</exception>
    public static void Validate(string gbnf, LlamaModel model, string root = "root")
    {
        using var chain = SafeLlamaSamplerHandle.CreateChain();
        chain.Add(CreateSampler(gbnf, model, root));
    }

    /// <summary>The grammar sampler <paramref name="options"/> asks for: lazy (<see cref="CreateLazySampler"/>) when
    /// it has trigger patterns or tokens, otherwise <see cref="CreateSampler(string, LlamaModel, string)"/>. The
    /// options must carry a grammar.</summary>
    /// <exception cref="GrammarException">llama.cpp rejected the grammar, or a trigger is invalid.</exception>
    public static SafeLlamaSamplerHandle CreateSampler(SamplingOptions options, LlamaModel model)
    {
        ArgumentNullException.ThrowIfNull(options);
        string gbnf = options.Grammar ?? throw new GrammarException("The sampling options have no grammar.");
        return options.HasGrammarTriggers
            ? CreateLazySampler(gbnf, model, options.GrammarRoot, options.GrammarTriggerPatterns ?? [], options.GrammarTriggerTokens ?? [])
            : CreateSampler(gbnf, model, options.GrammarRoot);
    }

    /// <summary>Creates a lazy grammar sampler (llama.h <c>llama_sampler_init_grammar_lazy_patterns</c>; owned by the
    /// caller until a chain takes it): free text until a trigger, then the grammar from the trigger on.</summary>
    /// <param name="gbnf">Grammar text; what a trigger feeds it must be a prefix of a sentence of it.</param>
    /// <param name="model">The model whose vocabulary the grammar constrains.</param>
    /// <param name="root">The start rule.</param>
    /// <param name="triggerPatterns">Regexes (ECMAScript syntax, as std::regex reads them) over the whole output so
    /// far: <c>^…$</c> must match all of it, any other pattern is searched for; the grammar is fed from the first
    /// non-empty capture group (or the whole match). Checked here, because std::regex would abort the process.</param>
    /// <param name="triggerTokens">Token ids (below n_vocab) that trigger the grammar; it is fed from that token on.</param>
    /// <exception cref="GrammarException">llama.cpp rejected the grammar, a pattern is empty or not a valid regex,
    /// a token id is outside the vocabulary, or there is no trigger at all.</exception>
    public static SafeLlamaSamplerHandle CreateLazySampler(string gbnf, LlamaModel model, string root,
        IReadOnlyList<string> triggerPatterns, IReadOnlyList<int> triggerTokens)
    {
        ArgumentNullException.ThrowIfNull(gbnf);
        ArgumentNullException.ThrowIfNull(triggerPatterns);
        ArgumentNullException.ThrowIfNull(triggerTokens);
        if (string.IsNullOrWhiteSpace(gbnf)) throw new GrammarException("The GBNF grammar is empty.");
        if (string.IsNullOrWhiteSpace(root)) throw new GrammarException("The grammar's root rule name is empty.");
        if (triggerPatterns.Count == 0 && triggerTokens.Count == 0)
            throw new GrammarException("A lazy grammar needs at least one trigger pattern or trigger token.");
        foreach (string pattern in triggerPatterns)
        {
            if (TriggerPatternError(pattern) is { } error) throw new GrammarException(error);
        }
        foreach (int token in triggerTokens)
        {
            if (token < 0 || token >= model.VocabSize)
                throw new GrammarException($"The grammar trigger token {token} is not a token id of this model (0 to {model.VocabSize - 1}).");
        }
        LlamaLog.ResetThreadError();
        var sampler = LlamaSamplers.GrammarLazy(model.Vocab, gbnf, root, triggerPatterns, triggerTokens);
        if (sampler.IsInvalid)
        {
            var reason = LlamaLog.ThreadLastError is { } line ? $" (llama.cpp: {line.Trim()})" : "";
            throw new GrammarException(
                $"The GBNF grammar was rejected{reason}: it does not parse, has no rule named '{root}', refers to an " +
                "undefined rule, or is left-recursive.");
        }
        return sampler;
    }

    /// <summary>Why <paramref name="pattern"/> cannot be a trigger pattern (empty, or not an ECMAScript regex), or
    /// null when it can.</summary>
    public static string? TriggerPatternError(string? pattern)
    {
        if (string.IsNullOrEmpty(pattern)) return "A grammar trigger pattern is empty.";
        try
        {
            _ = new Regex(pattern, RegexOptions.ECMAScript | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            return null;
        }
        catch (ArgumentException e)
        {
            return $"The grammar trigger pattern '{pattern}' is not a valid regular expression: {e.Message}";
        }
    }

    /// <summary>Creates the grammar sampler (owned by the caller until it is added to a chain, which then owns it).</summary>
    /// <exception cref="GrammarException">llama.cpp rejected the grammar.</exception>
    public static SafeLlamaSamplerHandle CreateSampler(string gbnf, LlamaModel model, string root = "root")
    {
        ArgumentNullException.ThrowIfNull(gbnf);
        if (string.IsNullOrWhiteSpace(gbnf)) throw new GrammarException("The GBNF grammar is empty.");
        if (string.IsNullOrWhiteSpace(root)) throw new GrammarException("The grammar's root rule name is empty.");
        LlamaLog.ResetThreadError();
        var sampler = LlamaSamplers.Grammar(model.Vocab, gbnf, root);
        if (sampler.IsInvalid)
        {
            var reason = LlamaLog.ThreadLastError is { } line ? $" (llama.cpp: {line.Trim()})" : "";
            throw new GrammarException(
                $"The GBNF grammar was rejected{reason}: it does not parse, has no rule named '{root}', refers to an " +
                "undefined rule, or is left-recursive. Rules look like: root ::= \"yes\" | \"no\"");
        }
        return sampler;
    }
}
