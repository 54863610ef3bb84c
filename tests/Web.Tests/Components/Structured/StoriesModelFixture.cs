namespace Workbench.Web.Tests.Components.Structured;

/// <summary>A real in-process engine with <c>stories260K.gguf</c>, the default model: its vocabulary has byte-fallback
/// tokens, so it can write any JSON under a grammar (TinyStories-656K cannot encode <c>{</c>). 4 sequences,
/// 512-token window, ChatML.</summary>
public sealed class StoriesModelFixture() : LoadedEngineFixture(ModelFileName, options =>
{
    options.ParallelSequences = 4;
    options.ContextSize = 512;
    options.ChatTemplate = "chatml";
})
{
    /// <summary>The model file in <see cref="LoadedEngineFixture.ModelsDirectory"/>.</summary>
    public const string ModelFileName = "stories260K.gguf";
}
