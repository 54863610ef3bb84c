using Xunit;

namespace Workbench.Web.Tests.Components;

/// <summary>The shared TinyStories engine of the component tests (2 sequences).</summary>
public sealed class EngineFixture() : LoadedEngineFixture(ModelFileName, options => options.ParallelSequences = 2)
{
    /// <summary>The default test model.</summary>
    public const string ModelFileName = "TinyStories-656K-Q8_0.gguf";
}

/// <summary>Component tests share one engine and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<EngineFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "engine";
}
