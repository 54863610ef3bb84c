using Workbench.Web.Tests.Components.Structured;

namespace Workbench.Web.Tests.Components.Tools;

/// <summary>stories260K with a 2048-token window (one sequence; llama.cpp allows more than the 512 it was trained
/// on): rendered tools take ~700 tokens in its byte-level vocabulary, more than the default window holds.</summary>
public sealed class WideStoriesModelFixture() : LoadedEngineFixture(StoriesModelFixture.ModelFileName, options =>
{
    options.ParallelSequences = 1;
    options.ContextSize = 2048;
});
