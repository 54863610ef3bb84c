using Workbench.Engine.Training;
using Workbench.Engine.Training.Tokenization;

namespace Workbench.Lab.Training;

/// <summary>
/// A trained model held in memory, replying greedily with the trainer's own forward pass (no llama.cpp, so a grader
/// or a sample can run where a native crash must not happen). The replies equal greedy decoding of the written GGUF
/// in llama.cpp: both compute the same logits (tests/Engine.Tests/Training/TinyLlamaGgufTests).
/// </summary>
/// <param name="Shape">The model's shape.</param>
/// <param name="Vocabulary">Its tokenizer (EOS = <c>&lt;|im_end|&gt;</c>).</param>
/// <param name="Weights">Its weights (<see cref="TinyLlamaParameters"/> layout).</param>
public sealed record TrainedToolModel(TinyLlamaShape Shape, BpeVocabulary Vocabulary, float[] Weights)
{
    /// <summary>Reads a model file the trainer wrote.</summary>
    /// <exception cref="FormatException">Not a model of the trainer's layout.</exception>
    public static TrainedToolModel Open(string path)
    {
        var (shape, weights) = TinyLlamaGguf.Read(path);
        return new TrainedToolModel(shape, GgufVocabularyReader.Read(path), weights);
    }

    /// <summary>The greedy reply to <paramref name="promptTokens"/> (a rendered prompt ending in
    /// <c>&lt;|im_start|&gt;assistant\n</c>), up to EOS or <paramref name="maxTokens"/>.</summary>
    /// <param name="promptTokens">The prompt's tokens.</param>
    /// <param name="maxTokens">Most tokens to generate.</param>
    /// <param name="threads">Threads for the forward pass.</param>
    public IReadOnlyList<int> Reply(IReadOnlyList<int> promptTokens, int maxTokens, int threads = 1)
    {
        var network = new TinyLlamaNetwork(new TinyLlamaParameters(Shape), Weights, threads);
        return TinyLlamaTrainer.Greedy(network, promptTokens, maxTokens, Vocabulary.Eos ?? -1);
    }
}
