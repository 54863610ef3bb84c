using System.Text;
using Workbench.Engine.Grammar;
using Workbench.Engine.Inference;
using Workbench.Engine.Native.Handles;
using Workbench.Engine.Native.Structs;

namespace Workbench.Engine.Tests.Grammar.JsonSchema;

/// <summary>Whether llama.cpp's grammar sampler accepts a whole text: the text is fed byte by byte as the
/// vocabulary's single-byte tokens (stories260K has one for every byte), each checked against the grammar's mask
/// before it is accepted, and the end-of-generation token must be allowed at the end. This asks llama.cpp itself
/// what a grammar can write, without a model run.</summary>
internal static class GrammarAcceptance
{
    public static bool Accepts(LlamaModel model, string gbnf, string text)
    {
        var byteTokens = ByteTokens(model);
        using var chain = SafeLlamaSamplerHandle.CreateChain();
        chain.Add(GbnfGrammar.CreateSampler(gbnf, model));
        var candidates = new LlamaTokenData[model.VocabSize];
        var allowed = new bool[model.VocabSize];
        foreach (byte b in Encoding.UTF8.GetBytes(text))
        {
            int token = byteTokens[b];
            chain.ApplyToVocabulary(candidates, allowed);
            if (!allowed[token]) return false;
            chain.Accept(token);
        }
        chain.ApplyToVocabulary(candidates, allowed);
        return allowed[model.EosToken];
    }

    /// <summary>For every byte value, a token of the vocabulary that is exactly that byte.</summary>
    public static int[] ByteTokens(LlamaModel model)
    {
        var tokens = Enumerable.Repeat(-1, 256).ToArray();
        for (int id = 0; id < model.VocabSize; id++)
        {
            if (model.IsControl(id)) continue;
            byte[] bytes = model.TokenBytes(id, special: false);
            if (bytes.Length == 1 && tokens[bytes[0]] < 0) tokens[bytes[0]] = id;
        }
        Assert.DoesNotContain(-1, tokens);
        return tokens;
    }
}
