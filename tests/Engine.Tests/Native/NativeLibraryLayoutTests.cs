using Xunit;
using Workbench.Engine.Native;
using Workbench.Engine.Tests.TestSupport;

namespace Workbench.Engine.Tests.Native;

/// <summary>Backend selection (a pure function): file names of the npm builds <c>@node-llama-cpp/linux-x64@3.22.1</c>
/// and <c>@node-llama-cpp/linux-x64-cuda@3.22.1</c> (names checked with <c>npm pack</c>).</summary>
public class NativeLibraryLayoutTests
{
    [Fact]
    public void For_Cpu_MapsLibraryNamesToVersionedCpuFiles()
    {
        NativeLibraryLayout layout = NativeLibraryLayout.For("cpu", "/opt/app/llama/cpu");
        Assert.Equal("cpu", layout.Backend);
        Assert.Equal("/opt/app/llama/cpu", layout.Directory);
        Assert.Equal("/opt/app/llama/cpu/libllama.v0.5.0.so", layout.PathFor("llama"));
        Assert.Equal("/opt/app/llama/cpu/libggml.v0.5.0.so", layout.PathFor("ggml"));
        Assert.Equal("/opt/app/llama/cpu/libggml-base.so", layout.PathFor("ggml-base"));
        Assert.Equal("libggml-cpu-*.so", layout.BackendFilePattern);
        Assert.Null(layout.PathFor("libc"));
    }

    [Fact]
    public void For_Cuda_MapsLibraryNamesToCudaFiles()
    {
        NativeLibraryLayout layout = NativeLibraryLayout.For("CUDA", "/opt/app/llama/cuda/");
        Assert.Equal("cuda", layout.Backend);
        Assert.Equal("/opt/app/llama/cuda", layout.Directory);
        Assert.Equal("libllama.cuda.v0.5.0.so", layout.FileNameFor("llama"));
        Assert.Equal("libggml.cuda.v0.5.0.so", layout.FileNameFor("ggml"));
        Assert.Equal("libggml-base.so", layout.FileNameFor("ggml-base"));
        Assert.Equal("libggml-cuda.so", layout.BackendFilePattern);
    }

    [Fact]
    public void For_UnknownBackend_Throws()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => NativeLibraryLayout.For("vulkan", "/x"));
        Assert.Contains("vulkan", e.Message);
    }

    [Fact]
    public void For_Options_DefaultsBesideTheAppAndResolvesRelativeDirectories()
    {
        NativeLibraryLayout byDefault = NativeLibraryLayout.For(new EngineOptions { Backend = "cuda" }, "/srv/wb");
        Assert.Equal("/srv/wb/llama/cuda", byDefault.Directory);
        Assert.Equal("cuda", byDefault.Backend);

        NativeLibraryLayout relative = NativeLibraryLayout.For(new EngineOptions { NativeLibraryDirectory = "../natives" }, "/srv/wb");
        Assert.Equal("/srv/natives", relative.Directory);
        Assert.Equal("cpu", relative.Backend);
    }

    [Fact]
    public void EnsurePresent_EmptyDirectory_NamesTheMissingFiles()
    {
        using var temp = new TempDirectory();
        NativeLibraryException e = Assert.Throws<NativeLibraryException>(() => NativeLibraryLayout.For("cpu", temp.Path).EnsurePresent());
        Assert.Contains("libllama.v0.5.0.so", e.Message);
        Assert.Contains(temp.Path, e.Message);
    }

    [Fact]
    public void EnsurePresent_MissingDirectory_Throws()
    {
        NativeLibraryException e = Assert.Throws<NativeLibraryException>(() => NativeLibraryLayout.For("cuda", "/nonexistent/llama/cuda").EnsurePresent());
        Assert.Contains("does not exist", e.Message);
        Assert.Contains("LlamaBackend=cuda", e.Message);
    }

    [Fact]
    public void EnsurePresent_TestOutput_HasTheCpuBuild()
    {
        NativeLibraryLayout.For("cpu", TestModels.NativeLibraryDirectory).EnsurePresent();
    }
}
