using System.Runtime.InteropServices;

namespace Workbench.Bench;

/// <summary>What the report says about the machine.</summary>
internal sealed record MachineInfo(string Cpu, int Cores, string Memory, string Os, string Runtime, string LoadAverage)
{
    public static MachineInfo Read() => new(
        Cpu: ReadField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        Cores: Environment.ProcessorCount,
        Memory: ReadField("/proc/meminfo", "MemTotal") is { } kb && long.TryParse(kb.Split(' ')[0], out long k)
            ? $"{k / 1024.0 / 1024.0:F1} GiB" : "unknown",
        Os: ReadField("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"') ?? RuntimeInformation.OSDescription,
        Runtime: RuntimeInformation.FrameworkDescription,
        LoadAverage: LoadAverageNow());

    public static string LoadAverageNow() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string? ReadField(string file, string name, char separator = ':')
    {
        if (!File.Exists(file)) return null;
        foreach (string line in File.ReadLines(file))
        {
            int i = line.IndexOf(separator);
            if (i > 0 && line[..i].Trim() == name) return line[(i + 1)..].Trim();
        }
        return null;
    }
}
