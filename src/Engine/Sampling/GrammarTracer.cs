using Workbench.Engine.Grammar;
using Workbench.Engine.Inference;
using Workbench.Engine.Native.Handles;
using Workbench.Engine.Native.Structs;

namespace Workbench.Engine.Sampling;

/// <summary>
/// The grammar step view of one generation (<see cref="GenerationRequest.TraceGrammar"/>): a second grammar
/// sampler, parsed from the same GBNF and fed the same tokens as the one in the generation's sampler chain, so
/// at every step it is in the same state. Before each sampling it is applied alone to the whole vocabulary
/// (n_vocab candidates, see <see cref="SafeLlamaSamplerHandle.ApplyToVocabulary"/>), which tells how many tokens the
/// grammar allows and which; after sampling it accepts the chosen token. Runs on the scheduler thread only.
/// </summary>
/// <remarks>Why a second sampler: the chain's grammar sees only what the samplers before it left, and its mask
/// cannot be read back after top-k and the others have run. Cost: one grammar pass over the vocabulary per token
/// (about as much as the chain's own grammar pass).</remarks>
internal sealed class GrammarTracer : IDisposable
{
    private readonly SafeLlamaSamplerHandle grammar;
    private readonly bool[] allowed;
    private bool broken;

    private GrammarTracer(SafeLlamaSamplerHandle grammar, int vocabSize)
    {
        this.grammar = grammar;
        allowed = new bool[vocabSize];
    }

    /// <summary>A tracer for <paramref name="request"/>, or null when it does not ask for one or has no grammar.</summary>
    /// <exception cref="GrammarException">The grammar does not parse (the chain would have rejected it first).</exception>
    public static GrammarTracer? Create(GenerationRequest request, LlamaModel model)
    {
        var sampling = request.Sampling;
        if (!request.TraceGrammar || string.IsNullOrEmpty(sampling.Grammar)) return null;
        var chain = SafeLlamaSamplerHandle.CreateChain();
        try
        {
            chain.Add(GbnfGrammar.CreateSampler(sampling, model)); // lazy like the chain's, so both stay in step
            return new GrammarTracer(chain, model.VocabSize);
        }
        catch
        {
            chain.Dispose();
            throw;
        }
    }

    /// <summary>Tokens the grammar allowed at the last <see cref="Evaluate"/>, 0 to n_vocab; null once the tracer
    /// fell out of step (see <see cref="Accept"/>).</summary>
    public int? AllowedCount { get; private set; }

    /// <summary>Applies the grammar to the whole vocabulary in its current state (before the step's token is sampled).</summary>
    /// <param name="candidates">Scratch space of at least n_vocab entries (overwritten).</param>
    public void Evaluate(LlamaTokenData[] candidates)
    {
        if (broken) return;
        AllowedCount = grammar.ApplyToVocabulary(candidates, allowed);
    }

    /// <summary>Whether the grammar allowed <paramref name="token"/> at the last <see cref="Evaluate"/>; null once
    /// the tracer fell out of step.</summary>
    public bool? IsAllowed(int token) => broken ? null : token >= 0 && token < allowed.Length && allowed[token];

    /// <summary>Advances the grammar past the sampled token. A token this grammar did not allow (which cannot happen
    /// while both grammars agree) is not accepted — llama.cpp would abort the process — and ends the trace: later
    /// steps report null.</summary>
    public void Accept(int token)
    {
        if (broken) return;
        if (IsAllowed(token) != true)
        {
            broken = true;
            AllowedCount = null;
            return;
        }
        grammar.Accept(token);
    }

    /// <summary>Frees the grammar sampler.</summary>
    public void Dispose() => grammar.Dispose();
}
