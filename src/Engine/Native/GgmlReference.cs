using System.Runtime.InteropServices;
using Workbench.Engine.Native.Structs;

namespace Workbench.Engine.Native;

/// <summary>
/// ggml's and llama.cpp's own answers, in process, for checking the Engine's C# GGUF reader and (de)quantizers
/// against the library the app runs on: ggml's type traits and their <c>to_float</c> / <c>from_float_ref</c>
/// functions, ggml's GGUF header reader, and <c>llama_model_quantize</c>. Requires
/// <see cref="LlamaBackend.Initialize"/> first (it installs the library resolver). Not used by the app itself.
/// </summary>
internal static unsafe class GgmlReference
{
    /// <summary>One row of ggml's type traits table.</summary>
    internal sealed record Traits(string Name, long BlockSize, long BlockSizeInterleave, long TypeSize, bool IsQuantized, bool HasToFloat, bool HasFromFloatRef);

    /// <summary>One tensor as ggml's GGUF reader sees it.</summary>
    internal sealed record Tensor(string Name, int Type, long[] Ne, long Offset, long Size);

    /// <summary>A GGUF header as ggml's reader sees it.</summary>
    internal sealed record Header(uint Version, long Alignment, long DataOffset, IReadOnlyList<(string Key, int Type)> Keys, IReadOnlyList<Tensor> Tensors);

    /// <summary>ggml's traits of type number <paramref name="type"/> (must be below GGML_TYPE_COUNT, 43, or ggml aborts).</summary>
    internal static Traits TypeTraits(int type)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(type);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(type, 42);
        GgmlTypeTraitsNative* t = LlamaNative.ggml_get_type_traits(type);
        return new Traits(Marshal.PtrToStringUTF8((IntPtr)t->type_name) ?? "", t->blck_size, t->blck_size_interleave,
            (long)t->type_size, t->IsQuantized, t->to_float != null, t->from_float_ref != null);
    }

    /// <summary>ggml's <c>to_float</c> of <paramref name="type"/> on <paramref name="data"/>: <paramref name="elements"/> floats.</summary>
    /// <exception cref="ArgumentException"><paramref name="data"/> is too short.</exception>
    /// <exception cref="NotSupportedException">ggml has no to_float for the type.</exception>
    internal static float[] ToFloat(int type, ReadOnlySpan<byte> data, long elements)
    {
        GgmlTypeTraitsNative* t = LlamaNative.ggml_get_type_traits(type);
        if (t->to_float == null) throw new NotSupportedException($"ggml has no to_float for type {type}.");
        if (elements % t->blck_size != 0 || data.Length < elements / t->blck_size * (long)t->type_size)
            throw new ArgumentException("Not enough data for that many elements.", nameof(data));
        var result = new float[elements];
        fixed (byte* x = data)
        fixed (float* y = result)
            t->to_float(x, y, elements);
        return result;
    }

    /// <summary>ggml's <c>from_float_ref</c> (the reference quantizer) of <paramref name="type"/> on
    /// <paramref name="values"/> (a multiple of the block size): the blocks' bytes.</summary>
    /// <exception cref="NotSupportedException">ggml has no from_float_ref for the type.</exception>
    internal static byte[] FromFloatRef(int type, ReadOnlySpan<float> values)
    {
        GgmlTypeTraitsNative* t = LlamaNative.ggml_get_type_traits(type);
        if (t->from_float_ref == null) throw new NotSupportedException($"ggml has no from_float_ref for type {type}.");
        if (values.Length % t->blck_size != 0) throw new ArgumentException("Not whole blocks.", nameof(values));
        var result = new byte[values.Length / t->blck_size * (long)t->type_size];
        fixed (float* x = values)
        fixed (byte* y = result)
            t->from_float_ref(x, y, values.Length);
        return result;
    }

    /// <summary>ggml's reading of the header of <paramref name="path"/>, or null where ggml refuses the file.</summary>
    internal static Header? ReadHeader(string path)
    {
        var ctx = LlamaNative.gguf_init_from_file(path, new GgufInitParams { NoAlloc = true, ctx = IntPtr.Zero });
        if (ctx == IntPtr.Zero) return null;
        try
        {
            var keys = new List<(string, int)>();
            for (long i = 0; i < LlamaNative.gguf_get_n_kv(ctx); i++)
                keys.Add((Marshal.PtrToStringUTF8((IntPtr)LlamaNative.gguf_get_key(ctx, i)) ?? "", LlamaNative.gguf_get_kv_type(ctx, i)));
            var tensors = new List<Tensor>();
            for (long i = 0; i < LlamaNative.gguf_get_n_tensors(ctx); i++)
            {
                long* ne = LlamaNative.gguf_get_tensor_ne(ctx, i);
                tensors.Add(new Tensor(Marshal.PtrToStringUTF8((IntPtr)LlamaNative.gguf_get_tensor_name(ctx, i)) ?? "",
                    LlamaNative.gguf_get_tensor_type(ctx, i), [ne[0], ne[1], ne[2], ne[3]],
                    (long)LlamaNative.gguf_get_tensor_offset(ctx, i), (long)LlamaNative.gguf_get_tensor_size(ctx, i)));
            }
            return new Header(LlamaNative.gguf_get_version(ctx), (long)LlamaNative.gguf_get_alignment(ctx),
                (long)LlamaNative.gguf_get_data_offset(ctx), keys, tensors);
        }
        finally
        {
            LlamaNative.gguf_free(ctx);
        }
    }

    /// <summary>Quantizes <paramref name="source"/> to <paramref name="output"/> with llama.cpp's default parameters
    /// (what <c>llama-quantize source output TYPE</c> does) and file type number <paramref name="ftype"/>
    /// (<c>enum llama_ftype</c>: 7 Q8_0, 2 Q4_0, 15 Q4_K_M, 17 Q5_K_M, 12 Q3_K_M, 10 Q2_K, 18 Q6_K); 0 on success.</summary>
    internal static uint Quantize(string source, string output, int ftype, int threads = 1) =>
        LlamaQuantizer.Quantize(source, output, ftype, threads);
}
