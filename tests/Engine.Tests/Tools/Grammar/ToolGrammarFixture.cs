using Workbench.Engine.Inference;
using Workbench.Engine.Tests.TestSupport;
using Xunit;

namespace Workbench.Engine.Tests.Tools.Grammar;

/// <summary>stories260K twice: a <see cref="LlamaEngine"/> (2 sequences, 1024-token window so that parallel calls fit)
/// for generation, and the model alone for checking grammars with llama.cpp's parser.</summary>
public sealed class ToolGrammarFixture : IAsyncLifetime
{
    /// <summary>The engine.</summary>
    public LlamaEngine Engine { get; private set; } = null!;

    /// <summary>The model (weights loaded), for <c>GbnfGrammar.Validate</c>.</summary>
    internal LlamaModel Model { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        TestModels.InitializeBackend();
        Model = LlamaModel.Load(TestModels.Stories260K, 0, vocabOnly: true, null, CancellationToken.None);
        Engine = new LlamaEngine(TestModels.Options(o =>
        {
            o.DefaultModel = TestModels.Stories260K;
            o.ParallelSequences = 2;
            o.ContextSize = 1024;
        }));
        await Engine.LoadModelAsync(TestModels.Stories260K, null, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Engine.DisposeAsync();
        Model.Dispose();
    }
}

/// <summary>The collection sharing one <see cref="ToolGrammarFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ToolGrammarCollection : ICollectionFixture<ToolGrammarFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "tool-grammar";
}
