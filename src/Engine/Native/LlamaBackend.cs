using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Workbench.Engine.Native.Structs;

namespace Workbench.Engine.Native;

/// <summary>Process-wide start-up of llama.cpp: finds the native libraries, routes llama.cpp's log, loads the ggml
/// device backends (<c>ggml_backend_load_all_from_path</c>) and then calls <c>llama_backend_init</c>. Call
/// <see cref="Initialize"/> before any other engine call; it is idempotent and thread-safe. There is no static
/// constructor: nothing native happens until it is called.</summary>
public static class LlamaBackend
{
    private static readonly Lock Gate = new();
    private static volatile bool s_initialized;
    private static bool s_logRouted;

    /// <summary>Whether <see cref="Initialize"/> has completed in this process.</summary>
    public static bool IsInitialized => s_initialized;

    /// <summary>The loaded backend (<c>cpu</c> or <c>cuda</c>), or null before <see cref="Initialize"/>.</summary>
    public static string? Backend => s_initialized ? NativeLibraryResolver.Layout?.Backend : null;

    /// <summary>The directory the libraries were loaded from, or null before <see cref="Initialize"/>.</summary>
    public static string? LibraryDirectory => s_initialized ? NativeLibraryResolver.Layout?.Directory : null;

    /// <summary>The last error line llama.cpp or ggml logged in this process, or null.</summary>
    public static string? LastErrorLogLine => LlamaLog.LastError;

    /// <summary>Raised for every complete llama.cpp / ggml log line (from whatever thread logged it; handlers must be
    /// quick and must not throw). Levels map as DEBUG→Debug, INFO→Information, WARN→Warning, ERROR→Error.</summary>
    public static event Action<LogLevel, string>? LogMessage;

    /// <summary>Loads llama.cpp for <see cref="EngineOptions.Backend"/> from <see cref="EngineOptions.NativeLibraryDirectory"/>
    /// or <c>&lt;AppContext.BaseDirectory&gt;/llama/&lt;backend&gt;/</c>. Sets <c>GGML_NO_BACKTRACE=1</c> (a native
    /// abort then prints no gdb backtrace). Later calls return at once.</summary>
    /// <param name="options">Engine options; only <c>Backend</c> and <c>NativeLibraryDirectory</c> are read.</param>
    /// <exception cref="NativeLibraryException">The directory or a library is missing, a library (or a dependency such
    /// as libcudart) cannot be loaded, no ggml device backend registers, or a different build is already loaded.</exception>
    /// <exception cref="ArgumentException">An unknown backend name.</exception>
    public static void Initialize(EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        NativeLibraryLayout layout = NativeLibraryLayout.For(options, AppContext.BaseDirectory);
        lock (Gate)
        {
            if (s_initialized)
            {
                if (NativeLibraryResolver.Layout != layout)
                    throw new NativeLibraryException($"llama.cpp is already loaded from '{NativeLibraryResolver.Layout?.Directory}'; a process can load only one build (asked for '{layout.Directory}').");
                return;
            }
            layout.EnsurePresent();
            Environment.SetEnvironmentVariable("GGML_NO_BACKTRACE", "1");
            LibC.setenv("GGML_NO_BACKTRACE", "1", 1);
            NativeLibraryResolver.Install(layout);
            try
            {
                NativeLibraryResolver.Load(LlamaNative.LibGgmlBase);
                NativeLibraryResolver.Load(LlamaNative.LibGgml);
                NativeLibraryResolver.Load(LlamaNative.LibLlama);
            }
            catch (DllNotFoundException e)
            {
                throw new NativeLibraryException($"llama.cpp ({layout.Backend}) could not be loaded from '{layout.Directory}': {e.Message}", e);
            }
            if (!s_logRouted)
            {
                LlamaLog.Line += Forward;
                LlamaLog.Install();
                s_logRouted = true;
            }
            LlamaNative.ggml_backend_load_all_from_path(layout.Directory);
            if (LlamaNative.ggml_backend_dev_count() == 0)
                throw new NativeLibraryException($"No ggml device backend could be loaded from '{layout.Directory}'. {LlamaLog.LastError}".TrimEnd());
            LlamaNative.llama_backend_init();
            s_initialized = true;
        }
    }

    /// <summary>Whether a GPU backend registered a device (<c>llama_supports_gpu_offload</c>); false before
    /// <see cref="Initialize"/>. With <c>Engine:Backend=cuda</c> on a host without the CUDA runtime or driver, ggml
    /// skips the CUDA backend and llama.cpp runs on the CPU: this is how to tell.</summary>
    public static bool SupportsGpuOffload => s_initialized && LlamaNative.llama_supports_gpu_offload();

    /// <summary>llama.cpp's system information (CPU features, backends), or null before <see cref="Initialize"/>.</summary>
    public static unsafe string? SystemInfo() =>
        s_initialized ? Marshal.PtrToStringUTF8((IntPtr)LlamaNative.llama_print_system_info()) : null;

    private static void Forward(GgmlLogLevel level, string line)
    {
        Action<LogLevel, string>? handler = LogMessage;
        if (handler is null)
            return;
        LogLevel mapped = level switch
        {
            GgmlLogLevel.DEBUG => LogLevel.Debug,
            GgmlLogLevel.INFO => LogLevel.Information,
            GgmlLogLevel.WARN => LogLevel.Warning,
            GgmlLogLevel.ERROR => LogLevel.Error,
            _ => LogLevel.Trace,
        };
        handler(mapped, line);
    }
}
