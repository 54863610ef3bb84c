using Xunit;
using Workbench.Engine.Inference;
using Workbench.Engine.Tests.TestSupport;

namespace Workbench.Engine.Tests.Model;

/// <summary>The two real models loaded once for the Model tests (with weights), plus the phi-3 vocabulary.</summary>
public sealed class ModelFixture : IDisposable
{
    public ModelFixture()
    {
        TestModels.InitializeBackend();
        TinyStories = LlamaModel.Load(TestModels.TinyStories, 0, vocabOnly: false, null, CancellationToken.None);
        Stories260K = LlamaModel.Load(TestModels.Stories260K, 0, vocabOnly: false, null, CancellationToken.None);
        Phi3 = LlamaModel.Load(TestModels.Vocab("phi-3"), 0, vocabOnly: true, null, CancellationToken.None);
    }

    internal LlamaModel TinyStories { get; }
    internal LlamaModel Stories260K { get; }
    internal LlamaModel Phi3 { get; }

    public void Dispose()
    {
        TinyStories.Dispose();
        Stories260K.Dispose();
        Phi3.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ModelCollection : ICollectionFixture<ModelFixture>
{
    public const string Name = "Loaded models";
}
