using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Content;

namespace Workbench.Lab.Tests.TestSupport;

/// <summary>
/// The real grading stack on TinyStories-656K (the model's 512-token window). Shared by the tests of the
/// <see cref="GradingCollection"/>.
/// </summary>
public sealed class GradingFixture() : LabGradingFixture(TestModels.TinyStories, contextSize: 0)
{
    /// <summary>Lab 01 as the content loader reads it from the repository's <c>labs/</c>.</summary>
    public LabDefinition Lab01 => RealLabs.Get("01-chat-completions");
}

/// <summary>The tests sharing one <see cref="GradingFixture"/> (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class GradingCollection : ICollectionFixture<GradingFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "grading";
}
