using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Workbench.Engine.Native.Structs;

namespace Workbench.Engine.Native;

/// <summary>Receives llama.cpp's and ggml's log (installed with <see cref="LlamaNative.llama_log_set"/>), assembles
/// whole lines (llama.cpp sends partial lines and GGML_LOG_LEVEL_CONT continuations), raises <see cref="Line"/>, and
/// remembers the last error line, globally and per thread, so failures (model load, grammar) can quote it.</summary>
internal static unsafe class LlamaLog
{
    [ThreadStatic] private static StringBuilder? t_pending;
    [ThreadStatic] private static GgmlLogLevel t_pendingLevel;
    [ThreadStatic] private static string? t_lastError;
    [ThreadStatic] private static List<string>? t_errors;
    private static volatile string? s_lastError;

    /// <summary>A complete log line (without the trailing newline) and its level.</summary>
    internal static event Action<GgmlLogLevel, string>? Line;

    /// <summary>The last ERROR line logged by any thread, or null.</summary>
    internal static string? LastError => s_lastError;

    /// <summary>The last ERROR line logged on the calling thread since <see cref="ResetThreadError"/>, or null.</summary>
    internal static string? ThreadLastError => t_lastError;

    /// <summary>Forgets the calling thread's last error (call before a native operation whose failure you will report).</summary>
    internal static void ResetThreadError()
    {
        t_lastError = null;
        t_errors?.Clear();
    }

    /// <summary>The ERROR lines (at most 8, oldest first) logged on the calling thread since <see cref="ResetThreadError"/>.</summary>
    internal static IReadOnlyList<string> ThreadErrors => t_errors is { } errors ? errors.ToArray() : [];

    /// <summary>Routes llama.cpp's and ggml's logs here (llama_log_set also sets ggml's callback).</summary>
    internal static void Install()
    {
        delegate* unmanaged[Cdecl]<GgmlLogLevel, byte*, void*, void> callback = &OnLog;
        LlamaNative.llama_log_set((IntPtr)callback, IntPtr.Zero);
    }

    /// <summary>Handles one native log call; never throws into native code.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnLog(GgmlLogLevel level, byte* text, void* userData)
    {
        try
        {
            string chunk = text is null ? "" : Marshal.PtrToStringUTF8((IntPtr)text) ?? "";
            Append(level, chunk);
        }
        catch
        {
            // A logging failure must never unwind into llama.cpp.
        }
    }

    /// <summary>Feeds a chunk as the native callback would (also used by tests).</summary>
    internal static void Append(GgmlLogLevel level, string chunk)
    {
        StringBuilder pending = t_pending ??= new StringBuilder();
        if (level != GgmlLogLevel.CONT)
        {
            if (pending.Length > 0)
                Flush(pending); // a new message starts: emit the unterminated previous one
            t_pendingLevel = level;
        }
        int start = 0;
        for (int newline = chunk.IndexOf('\n'); newline >= 0; newline = chunk.IndexOf('\n', start))
        {
            pending.Append(chunk, start, newline - start);
            Flush(pending);
            start = newline + 1;
        }
        pending.Append(chunk, start, chunk.Length - start);
    }

    private static void Flush(StringBuilder pending)
    {
        string line = pending.ToString().TrimEnd('\r');
        pending.Clear();
        if (line.Length == 0)
            return;
        GgmlLogLevel level = t_pendingLevel;
        if (level == GgmlLogLevel.ERROR)
        {
            t_lastError = line;
            s_lastError = line;
            List<string> errors = t_errors ??= [];
            if (errors.Count == 8)
                errors.RemoveAt(0);
            errors.Add(line);
        }
        Line?.Invoke(level, line);
    }
}
