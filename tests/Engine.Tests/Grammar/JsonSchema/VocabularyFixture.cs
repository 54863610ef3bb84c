using Workbench.Engine.Inference;
using Workbench.Engine.Tests.TestSupport;

namespace Workbench.Engine.Tests.Grammar.JsonSchema;

/// <summary>The stories260K vocabulary, loaded once: llama.cpp's grammar parser needs one.</summary>
public sealed class VocabularyFixture : IDisposable
{
    public VocabularyFixture()
    {
        TestModels.InitializeBackend();
        Model = LlamaModel.Load(TestModels.Stories260K, 0, vocabOnly: true, null, CancellationToken.None);
    }

    internal LlamaModel Model { get; }

    public void Dispose() => Model.Dispose();
}
