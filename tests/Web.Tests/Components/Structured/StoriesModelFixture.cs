using Workbench.Engine;
using Workbench.Engine.Inference;

namespace Workbench.Web.Tests.Components.Structured;

/// <summary>A real in-process engine with <c>stories260K.gguf</c>, the default model: its vocabulary has byte-fallback
/// tokens, so it can write any JSON under a grammar (TinyStories-656K cannot encode <c>{</c>).</summary>
public sealed class StoriesModelFixture : IAsyncLifetime
{
    /// <summary>The model file in <see cref="EngineFixture.ModelsDirectory"/>.</summary>
    public const string ModelFileName = "stories260K.gguf";

    /// <summary>The engine, with <see cref="ModelFileName"/> loaded.</summary>
    public LlamaEngine Engine { get; private set; } = default!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Engine = new LlamaEngine(new EngineOptions
        {
            ModelDirectories = [EngineFixture.ModelsDirectory],
            NativeLibraryDirectory = Path.Combine(AppContext.BaseDirectory, "llama", "cpu"),
            Threads = 1,
            ParallelSequences = 4,
            ContextSize = 512,
            ChatTemplate = "chatml",
        });
        await Engine.LoadModelAsync(Path.Combine(EngineFixture.ModelsDirectory, ModelFileName), null, CancellationToken.None);
    }

    /// <inheritdoc />
    public async Task DisposeAsync() => await Engine.DisposeAsync();
}
