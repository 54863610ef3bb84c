using Workbench.Engine.Inference;

namespace Workbench.Engine.Native;

/// <summary>llama.cpp's native libraries could not be found or loaded (missing directory or file, a missing
/// dependency such as libcudart, or no ggml device backend registered). The message names the directory and files.</summary>
public sealed class NativeLibraryException(string message, Exception? inner = null) : EngineException(message, inner);
