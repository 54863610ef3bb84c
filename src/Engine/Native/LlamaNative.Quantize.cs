using System.Runtime.InteropServices;
using Workbench.Engine.Native.Structs;

namespace Workbench.Engine.Native;

// llama.h: model quantization.
internal static unsafe partial class LlamaNative
{
    /// <summary>Default quantization parameters.</summary>
    [LibraryImport(LibLlama)]
    internal static partial LlamaModelQuantizeParams llama_model_quantize_default_params();

    /// <summary>Quantizes <paramref name="fname_inp"/> into <paramref name="fname_out"/>; returns 0 on success.
    /// A failed run can leave a partial output file.</summary>
    [LibraryImport(LibLlama, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial uint llama_model_quantize(string fname_inp, string fname_out, LlamaModelQuantizeParams* @params);
}
