using Workbench.Engine.Inference;
using Workbench.Engine.Tests.TestSupport;

namespace Workbench.Lab.Tests.Quotas;

/// <summary>The real in-process engine on TinyStories-656K (1 thread, 2 sequences), shared by a test class.</summary>
public sealed class QuotaEngineFixture : IAsyncLifetime
{
    public LlamaEngine Engine { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Engine = new LlamaEngine(TestModels.Options(o =>
        {
            o.ParallelSequences = 2;
            o.ContextSize = 0;
        }));
        await Engine.LoadModelAsync(TestModels.TinyStories, null, CancellationToken.None);
    }

    public async Task DisposeAsync() => await Engine.DisposeAsync();
}
