using System.Runtime.InteropServices;

namespace Workbench.Engine.Native;

// llama.h llama_log_set (also routes ggml's logs). The callback type is ggml_log_callback:
// void (*)(enum ggml_log_level level, const char* text, void* user_data). See LlamaLog for the managed side.
internal static unsafe partial class LlamaNative
{
    /// <summary>Installs the global log callback (NULL = stderr). Not thread-safe: call during start-up.</summary>
    [LibraryImport(LibLlama)]
    internal static partial void llama_log_set(IntPtr log_callback, IntPtr user_data);

    /// <summary>Installs ggml's global log callback (ggml.h).</summary>
    [LibraryImport(LibGgmlBase)]
    internal static partial void ggml_log_set(IntPtr log_callback, IntPtr user_data);
}
