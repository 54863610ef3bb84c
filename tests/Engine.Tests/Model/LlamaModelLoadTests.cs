using Xunit;
using Workbench.Engine.Inference;
using Xunit.Abstractions;
using Workbench.Engine.Tests.TestSupport;

namespace Workbench.Engine.Tests.Model;

public class LlamaModelLoadTests
{
    private readonly ITestOutputHelper _output;

    public LlamaModelLoadTests(ITestOutputHelper output)
    {
        _output = output;
        TestModels.InitializeBackend();
    }

    /// <summary>Collects progress synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class Recorder : IProgress<float>
    {
        public List<float> Values { get; } = [];
        public Action<float>? OnReport { get; init; }
        public void Report(float value)
        {
            Values.Add(value);
            OnReport?.Invoke(value);
        }
    }

    [Theory]
    [InlineData(TestModels.TinyStoriesFile)]
    [InlineData(TestModels.Stories260KFile)]
    public void Load_ReportsMonotonicProgressEndingAtOne(string file)
    {
        var progress = new Recorder();
        using LlamaModel model = LlamaModel.Load(TestModels.Path(file), 0, vocabOnly: false, progress, CancellationToken.None);
        Assert.True(progress.Values.Count >= 2, $"only {progress.Values.Count} progress reports");
        Assert.Equal(1f, progress.Values[^1]);
        for (int i = 1; i < progress.Values.Count; i++)
            Assert.True(progress.Values[i] > progress.Values[i - 1], $"progress went {progress.Values[i - 1]} -> {progress.Values[i]}");
        Assert.All(progress.Values, v => Assert.InRange(v, 0f, 1f));
        Assert.False(model.Handle.IsInvalid);
        Assert.Equal(model.VocabSize, model.Vocab.TokenCount);
    }

    [Fact]
    public void Load_VocabOnly_EndsAtOneAndHasNoWeights()
    {
        var progress = new Recorder();
        using LlamaModel model = LlamaModel.Load(TestModels.TinyStories, 0, vocabOnly: true, progress, CancellationToken.None);
        Assert.True(model.IsVocabOnly);
        Assert.Equal(2048, model.VocabSize);
        Assert.Equal(1f, progress.Values[^1]);
    }

    [Fact]
    public void Load_MissingFile_ThrowsModelLoadException()
    {
        using var temp = new TempDirectory();
        ModelLoadException e = Assert.Throws<ModelLoadException>(() => LlamaModel.Load(temp.File("absent.gguf"), 0, false, null, CancellationToken.None));
        Assert.Contains("does not exist", e.Message);
        Assert.Contains("absent.gguf", e.Message);
    }

    [Fact]
    public void Load_Directory_ThrowsModelLoadException()
    {
        using var temp = new TempDirectory();
        Assert.Throws<ModelLoadException>(() => LlamaModel.Load(temp.Path, 0, false, null, CancellationToken.None));
    }

    [Theory]
    [InlineData("")]
    [InlineData("GG")]
    [InlineData("not a model at all, just text")]
    public void Load_NotGguf_ThrowsModelLoadException(string content)
    {
        using var temp = new TempDirectory();
        string path = temp.File("fake.gguf");
        File.WriteAllText(path, content);
        ModelLoadException e = Assert.Throws<ModelLoadException>(() => LlamaModel.Load(path, 0, false, null, CancellationToken.None));
        Assert.Contains("not a GGUF", e.Message);
    }

    [Theory]
    [InlineData(24)]       // the header only
    [InlineData(4096)]     // inside the metadata
    [InlineData(600_000)]  // inside the tensor data
    public void Load_TruncatedCopy_ThrowsModelLoadExceptionQuotingLlamaCpp(int length)
    {
        using var temp = new TempDirectory();
        string path = temp.File("truncated.gguf");
        byte[] original = File.ReadAllBytes(TestModels.TinyStories);
        File.WriteAllBytes(path, original.AsSpan(0, length).ToArray());
        ModelLoadException e = Assert.Throws<ModelLoadException>(() => LlamaModel.Load(path, 0, false, null, CancellationToken.None));
        _output.WriteLine(e.Message);
        Assert.Contains("llama.cpp could not load the model 'truncated.gguf'", e.Message);
        Assert.DoesNotContain("logged no reason", e.Message);
    }

    [Fact]
    public void Load_CorruptMetadata_ThrowsModelLoadException()
    {
        using var temp = new TempDirectory();
        string path = temp.File("corrupt.gguf");
        byte[] bytes = File.ReadAllBytes(TestModels.TinyStories);
        for (int i = 8; i < 24; i++)
            bytes[i] = 0xFF; // absurd tensor and key/value counts
        File.WriteAllBytes(path, bytes);
        Assert.Throws<ModelLoadException>(() => LlamaModel.Load(path, 0, false, null, CancellationToken.None));
    }

    [Fact]
    public void Load_AlreadyCancelled_ThrowsOperationCanceled()
    {
        Assert.ThrowsAny<OperationCanceledException>(() => LlamaModel.Load(TestModels.TinyStories, 0, false, null, new CancellationToken(canceled: true)));
    }

    [Fact]
    public void Load_CancelledDuringLoad_AbortsThroughTheProgressCallback()
    {
        using var cts = new CancellationTokenSource();
        var progress = new Recorder { OnReport = _ => cts.Cancel() };
        Assert.ThrowsAny<OperationCanceledException>(() => LlamaModel.Load(TestModels.Stories260K, 0, false, progress, cts.Token));
        Assert.Single(progress.Values);
    }

    [Fact]
    public void Load_ProgressHandlerThrows_RethrowsItsException()
    {
        var progress = new Recorder { OnReport = _ => throw new InvalidDataException("handler failed") };
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => LlamaModel.Load(TestModels.TinyStories, 0, false, progress, CancellationToken.None));
        Assert.Equal("handler failed", e.Message);
    }

    [Fact]
    public void Dispose_ThenUse_ThrowsObjectDisposed()
    {
        LlamaModel model = LlamaModel.Load(TestModels.TinyStories, 0, vocabOnly: true, null, CancellationToken.None);
        model.Dispose();
        Assert.Throws<ObjectDisposedException>(() => model.Tokenize("hello", false, false));
        Assert.Throws<ObjectDisposedException>(() => model.Describe(0));
    }
}
