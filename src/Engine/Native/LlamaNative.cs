namespace Workbench.Engine.Native;

/// <summary>
/// P/Invoke declarations for llama.cpp's C API, written from <c>include/llama.h</c> of llama.cpp tag v0.5.0 (the
/// source bundled by npm <c>node-llama-cpp@3.22.1</c>, matching the <c>@node-llama-cpp/linux-x64@3.22.1</c>
/// binaries). One partial file per llama.h area (<c>LlamaNative.&lt;Area&gt;.cs</c>). Names keep llama.h's spelling.
/// This folder is the only code that touches native pointers.
/// </summary>
internal static unsafe partial class LlamaNative
{
    /// <summary>Library name of libllama (mapped to <c>libllama.v0.5.0.so</c> by the native-library resolver).</summary>
    internal const string LibLlama = "llama";

    /// <summary>Library name of libggml (mapped to <c>libggml.v0.5.0.so</c>).</summary>
    internal const string LibGgml = "ggml";

    /// <summary>Library name of libggml-base.</summary>
    internal const string LibGgmlBase = "ggml-base";
}
