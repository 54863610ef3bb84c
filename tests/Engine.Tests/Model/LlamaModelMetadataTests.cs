using Xunit;
using Workbench.Engine.Inference;
using Workbench.Engine.Tests.TestSupport;

namespace Workbench.Engine.Tests.Model;

/// <summary>Metadata of the real models against ../shared/models/MANIFEST.md.</summary>
[Collection(ModelCollection.Name)]
public class LlamaModelMetadataTests(ModelFixture models)
{
    [Fact]
    public void Describe_TinyStories_MatchesManifest()
    {
        ModelInfo info = models.TinyStories.Describe(contextSize: 256);
        Assert.Equal(TestModels.TinyStories, info.Path);
        Assert.Equal(TestModels.TinyStoriesFile, info.Id);
        Assert.Equal("llama", info.Architecture);
        Assert.Equal(128, info.EmbeddingLength);
        Assert.Equal(8, info.HeadCount);
        Assert.Equal(4, info.HeadCountKv);
        Assert.Equal(2, info.LayerCount);
        Assert.Equal(512, info.ContextLengthTrain);
        Assert.Equal(2048, info.VocabSize);
        Assert.Equal("SPM", info.VocabType);
        Assert.Equal(1, info.BosToken);
        Assert.Equal(2, info.EosToken);
        Assert.Equal("<|start_story|>", info.BosText);
        Assert.Equal("<|end_story|>", info.EosText);
        Assert.Equal("Q8_0", info.FileType);
        Assert.Null(info.ChatTemplate);
        Assert.False(info.HasChatTemplate);
        Assert.Equal(749_728, info.SizeInBytes);
        Assert.Equal(256, info.ContextSize);
        Assert.InRange(info.ParameterCount, 500_000, 800_000);
        Assert.Contains("Q8_0", info.Description);
        Assert.Contains(new KeyValuePair<string, string>("general.architecture", "llama"), info.Metadata);
        Assert.Contains(info.Metadata, kv => kv.Key == "general.license" && kv.Value.Contains("apache", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(info.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal), info.Metadata);
    }

    [Fact]
    public void Describe_Stories260K_MatchesManifest()
    {
        ModelInfo info = models.Stories260K.Describe(0);
        Assert.Equal("llama", info.Architecture);
        Assert.Equal(64, info.EmbeddingLength);
        Assert.Equal(5, info.LayerCount);
        Assert.Equal(512, info.VocabSize);
        Assert.Equal("F32", info.FileType);
        Assert.Equal(2048, info.ContextLengthTrain);
        Assert.Equal(1, info.BosToken);
        Assert.Equal(2, info.EosToken);
        Assert.Equal(1_185_376, info.SizeInBytes);
        Assert.Null(info.ChatTemplate);
    }

    [Fact]
    public void Describe_Metadata_AgreesWithSingleKeyLookups()
    {
        ModelInfo info = models.TinyStories.Describe(0);
        Assert.True(info.Metadata.Count >= 10, $"only {info.Metadata.Count} metadata entries");
        foreach ((string key, string value) in info.Metadata)
            Assert.Equal(value, models.TinyStories.MetadataValue(key));
        Assert.Null(models.TinyStories.MetadataValue("no.such.key"));
        Assert.Equal(info.ContextLengthTrain.ToString(), models.TinyStories.MetadataValue("llama.context_length"));
    }

    [Fact]
    public void Describe_Phi3Vocab_CarriesItsChatTemplate()
    {
        ModelInfo info = models.Phi3.Describe(0);
        Assert.True(info.HasChatTemplate);
        Assert.Contains("<|user|>", info.ChatTemplate);
        Assert.Equal(models.Phi3.MetadataValue("tokenizer.chat_template"), info.ChatTemplate);
        Assert.Equal(32064, info.VocabSize);
        Assert.Equal(0, info.LayerCount); // a vocabulary-only GGUF: Describe must not call the per-layer queries
        Assert.Equal(0, info.HeadCount);
    }

    [Fact]
    public void Properties_MatchDescribe()
    {
        ModelInfo info = models.TinyStories.Describe(0);
        Assert.Equal(info.VocabSize, models.TinyStories.VocabSize);
        Assert.Equal(info.ContextLengthTrain, models.TinyStories.ContextLengthTrain);
        Assert.True(models.TinyStories.IsEndOfGeneration(info.EosToken));
        Assert.False(models.TinyStories.IsEndOfGeneration(info.BosToken));
        Assert.False(models.TinyStories.IsEndOfGeneration(-1));
        Assert.False(models.TinyStories.IsEndOfGeneration(info.VocabSize));
    }
}
