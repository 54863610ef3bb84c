using Workbench.Engine.Inference;
using Workbench.Engine.Tests.TestSupport;

namespace Workbench.Engine.Tests.Evaluation;

/// <summary>stories260K (F32) loaded once, and two quantized copies made in the test by llama.cpp's own
/// llama-quantize (Q8_0 and Q2_K) in a temporary folder.</summary>
public sealed class EvaluationFixture : IDisposable
{
    private readonly TempDirectory _dir = new();

    public EvaluationFixture()
    {
        TestModels.InitializeBackend();
        Stories260K = LlamaModel.Load(TestModels.Stories260K, 0, vocabOnly: false, null, CancellationToken.None);
        Q8Path = _dir.File("stories260K-Q8_0.gguf");
        Q2Path = _dir.File("stories260K-Q2_K.gguf");
        LlamaReferenceTools.Quantize(TestModels.Stories260K, Q8Path, "Q8_0");
        LlamaReferenceTools.Quantize(TestModels.Stories260K, Q2Path, "Q2_K");
    }

    internal LlamaModel Stories260K { get; }

    /// <summary>stories260K quantized to Q8_0 by llama-quantize.</summary>
    public string Q8Path { get; }

    /// <summary>stories260K quantized to Q2_K by llama-quantize.</summary>
    public string Q2Path { get; }

    public void Dispose()
    {
        Stories260K.Dispose();
        _dir.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class EvaluationCollection : ICollectionFixture<EvaluationFixture>
{
    public const string Name = "Evaluation models";
}
