using Workbench.Engine.Inference;
using Workbench.Engine.Native;
using Workbench.Engine.Native.Handles;

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
