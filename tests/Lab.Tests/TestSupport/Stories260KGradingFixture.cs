using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Content;

namespace Workbench.Lab.Tests.TestSupport;

/// <summary>
/// The real grading stack on stories260K (2 sequences of 512 tokens): the model for JSON and grammar exercises, since
/// its byte-fallback vocabulary can write any text (TinyStories-656K cannot encode <c>{</c>). Shared by the tests of
/// the <see cref="Stories260KGradingCollection"/>.
/// </summary>
public sealed class Stories260KGradingFixture() : LabGradingFixture(TestModels.Stories260K, contextSize: 2048)
{
    /// <summary>Lab 04 as the content loader reads it from the repository's <c>labs/</c>.</summary>
    public LabDefinition Lab04 => RealLabs.Get("04-structured-output");
}

/// <summary>The tests sharing one <see cref="Stories260KGradingFixture"/> (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class Stories260KGradingCollection : ICollectionFixture<Stories260KGradingFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "grading-stories260K";
}
