namespace Workbench.Lab.Mcp;

/// <summary>The last <see cref="Capacity"/> lines a stdio server wrote to its standard error (thread-safe), for
/// error messages such as "the process exited with code 1: &lt;tail&gt;".</summary>
internal sealed class McpStderrTail
{
    /// <summary>Lines kept.</summary>
    public const int Capacity = 20;

    private readonly Queue<string> lines = new();

    /// <summary>Adds a line (longer than 500 characters is cut).</summary>
    public void Add(string line)
    {
        if (line.Length > 500) line = line[..500] + "…";
        lock (lines)
        {
            lines.Enqueue(line);
            while (lines.Count > Capacity) lines.Dequeue();
        }
    }

    /// <summary>The lines kept, joined by newlines; empty when none.</summary>
    public override string ToString()
    {
        lock (lines) return string.Join("\n", lines);
    }
}
