using System.Collections.Concurrent;
using Workbench.Engine.Native;

namespace Workbench.Engine.Memory;

/// <summary>Collects llama.cpp's buffer-size log lines while a model and its context are created
/// (<see cref="LlamaBackend.LogMessage"/> is process-wide, so each line is tagged with the thread that logged it and
/// <see cref="Report"/> keeps only the threads that did this load: another engine loading at the same time in the
/// same process cannot leak into the report).</summary>
internal sealed class LlamaMemoryReportCapture : IDisposable
{
    private readonly ConcurrentQueue<(int Thread, string Line)> lines = new();

    private LlamaMemoryReportCapture() => LlamaBackend.LogMessage += OnLog;

    /// <summary>Starts capturing; dispose to stop.</summary>
    public static LlamaMemoryReportCapture Start() => new();

    /// <summary>The report from the lines logged so far by <paramref name="threadIds"/> (managed thread ids).</summary>
    public LlamaMemoryReport Report(IReadOnlyCollection<int> threadIds) =>
        LlamaMemoryReport.Parse(lines.Where(l => threadIds.Contains(l.Thread)).Select(l => l.Line));

    public void Dispose() => LlamaBackend.LogMessage -= OnLog;

    private void OnLog(Microsoft.Extensions.Logging.LogLevel level, string line)
    {
        if (LlamaMemoryReport.IsReportLine(line))
            lines.Enqueue((Environment.CurrentManagedThreadId, line));
    }
}
