using System.Runtime.InteropServices;

namespace Workbench.Engine.Native.Structs;

/// <summary><c>struct llama_perf_context_data</c> (llama.h), 48 bytes on x64: a context's timings in milliseconds.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaPerfContextData
{
    /// <summary>Absolute start time, ms.</summary>
    public double t_start_ms;
    /// <summary>Model load time, ms.</summary>
    public double t_load_ms;
    /// <summary>Prompt processing time, ms.</summary>
    public double t_p_eval_ms;
    /// <summary>Generation time, ms.</summary>
    public double t_eval_ms;
    /// <summary>Prompt tokens processed.</summary>
    public int n_p_eval;
    /// <summary>Tokens generated.</summary>
    public int n_eval;
    /// <summary>Times a compute graph was reused.</summary>
    public int n_reused;
}
