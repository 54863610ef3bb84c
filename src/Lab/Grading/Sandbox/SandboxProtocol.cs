using System.Text.Json;

namespace Workbench.Lab.Grading.Sandbox;

// The wire shapes of Workbench.Sandbox (src/Sandbox/SandboxProtocol.cs holds the same records on the other side):
// the run request written to run.json, and the report line written per trial to standard output. JSON, camelCase.

/// <summary>run.json.</summary>
internal sealed record SandboxRunFile(
    string AssemblyPath,
    IReadOnlyList<string> StudentFiles,
    IReadOnlyList<SandboxRunFileCheck> Checks,
    int TrialTimeoutMs,
    string Endpoint,
    string Model,
    string? SocketPath,
    string? Token,
    IReadOnlyList<string> HiddenPaths,
    bool DropToNobody);

/// <summary>run.json <c>checks[]</c>.</summary>
internal sealed record SandboxRunFileCheck(string Id, string Type, string Method, int Trials);

/// <summary>One line of the sandbox's standard output.</summary>
internal sealed record SandboxReportLine(string Check, int Trial, bool Passed, string Message, double DurationMs, bool OutOfMemory = false);

/// <summary>The sandbox's exit codes besides 0 and the JSON settings of the protocol.</summary>
internal static class SandboxProtocol
{
    /// <summary>The run request or the assembly was unusable; the reason is on standard error.</summary>
    public const int BadRequestExitCode = 2;

    /// <summary>A trial ran out of memory (the GC heap limit) and the sandbox stopped.</summary>
    public const int OutOfMemoryExitCode = 3;

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);
}
