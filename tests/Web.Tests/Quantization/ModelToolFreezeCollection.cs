using Xunit;

namespace Workbench.Web.Tests.Quantization;

/// <summary>Tests that freeze (SIGSTOP) the model-tool child processes this test process started run alone, after
/// the parallel ones: a concurrent test's child (an evaluation's) would otherwise be frozen with them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ModelToolFreezeCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Model-tool processes frozen by the test";
}
