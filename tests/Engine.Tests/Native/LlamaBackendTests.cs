using Xunit;
using System.Runtime.InteropServices;
using Workbench.Engine.Native;
using Workbench.Engine.Native.Structs;
using Workbench.Engine.Tests.TestSupport;

namespace Workbench.Engine.Tests.Native;

public partial class LlamaBackendTests
{
    // DllImport, not LibraryImport: the generated stubs need AllowUnsafeBlocks, which only Engine has (see
    // docs/ARCHITECTURE.md). Every signature here is blittable (ints) or a string marshalled as UTF-8.
    [DllImport("libc")]
    private static extern IntPtr getenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name);

    [Fact]
    public void Initialize_FromManyThreads_IsIdempotent()
    {
        Parallel.For(0, 8, _ => TestModels.InitializeBackend());
        Assert.True(LlamaBackend.IsInitialized);
        Assert.Equal("cpu", LlamaBackend.Backend);
        Assert.Equal(System.IO.Path.GetFullPath(TestModels.NativeLibraryDirectory).TrimEnd('/'), LlamaBackend.LibraryDirectory);
        Assert.True(LlamaNative.ggml_backend_dev_count() > 0);
        Assert.Contains("CPU", LlamaBackend.SystemInfo());
        Assert.False(LlamaBackend.SupportsGpuOffload); // the CPU build registers no GPU device
    }

    [Fact]
    public void Initialize_WithDefaultOptions_ResolvesToTheSameDirectory()
    {
        TestModels.InitializeBackend();
        LlamaBackend.Initialize(new EngineOptions()); // llama/cpu beside the app = the test output
    }

    [Fact]
    public void Initialize_AnotherBuildAfterInitialization_Throws()
    {
        TestModels.InitializeBackend();
        using var temp = new TempDirectory();
        NativeLibraryException e = Assert.Throws<NativeLibraryException>(() => LlamaBackend.Initialize(TestModels.Options(o => o.NativeLibraryDirectory = temp.Path)));
        Assert.Contains("already loaded", e.Message);
    }

    [Fact]
    public void Initialize_SetsNoBacktraceInTheNativeEnvironment()
    {
        TestModels.InitializeBackend();
        Assert.Equal("1", Marshal.PtrToStringUTF8(getenv("GGML_NO_BACKTRACE")));
    }

    [Fact]
    public void LlamaLog_AssemblesPartialLinesAndRemembersErrors()
    {
        int thread = Environment.CurrentManagedThreadId;
        var lines = new List<(GgmlLogLevel, string)>();
        void Collect(GgmlLogLevel level, string line)
        {
            if (Environment.CurrentManagedThreadId == thread)
                lines.Add((level, line));
        }
        LlamaLog.Line += Collect;
        try
        {
            LlamaLog.ResetThreadError();
            LlamaLog.Append(GgmlLogLevel.INFO, "loading");
            LlamaLog.Append(GgmlLogLevel.CONT, "...");
            LlamaLog.Append(GgmlLogLevel.CONT, "done\nnext ");
            LlamaLog.Append(GgmlLogLevel.ERROR, "bad magic\n");
        }
        finally
        {
            LlamaLog.Line -= Collect;
        }
        Assert.Equal([(GgmlLogLevel.INFO, "loading...done"), (GgmlLogLevel.INFO, "next "), (GgmlLogLevel.ERROR, "bad magic")], lines);
        Assert.Equal("bad magic", LlamaLog.ThreadLastError);
        Assert.Equal(["bad magic"], LlamaLog.ThreadErrors);
    }
}
