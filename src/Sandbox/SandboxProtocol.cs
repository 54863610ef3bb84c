using System.Text.Json;

namespace Workbench.Sandbox;

// The sandbox's protocol with the grader: Workbench.Lab's SandboxRunner writes the request and reads the reports.
// This one file is compiled into both assemblies (Lab.csproj links it), so the two sides cannot drift. JSON, camelCase.

/// <summary>The run request: <c>Workbench.Sandbox &lt;run.json&gt;</c>. The file is deleted once read.</summary>
/// <param name="AssemblyPath">The compiled submission (student files + hidden checks, embedded portable PDB).</param>
/// <param name="StudentFiles">The student's file names (for example <c>Solution.cs</c>): exceptions are located
/// by the first stack frame in one of them.</param>
/// <param name="Checks">The checks to run, in order.</param>
/// <param name="TrialTimeoutMs">How long one trial may run before it fails as timed out, in milliseconds.</param>
/// <param name="Endpoint">The lab endpoint's root URI (a label when <paramref name="SocketPath"/> is set).</param>
/// <param name="Model">The served model's id.</param>
/// <param name="SocketPath">The grading gateway's Unix domain socket, or null to use TCP.</param>
/// <param name="Token">The run's bearer token for the gateway.</param>
/// <param name="HiddenPaths">Folders to cover with empty tmpfs mounts before the student's code runs.</param>
/// <param name="DropToNobody">Started as root: remount /proc with hidepid=2 and become user nobody.</param>
internal sealed record RunRequest(
    string AssemblyPath,
    IReadOnlyList<string> StudentFiles,
    IReadOnlyList<CheckToRun> Checks,
    int TrialTimeoutMs,
    string Endpoint,
    string Model,
    string? SocketPath,
    string? Token,
    IReadOnlyList<string> HiddenPaths,
    bool DropToNobody);

/// <summary>One check: its id, the method that implements it, and how many trials to run.</summary>
/// <param name="Id">The check id.</param>
/// <param name="Type">The full name of the type declaring the method.</param>
/// <param name="Method">The method's name (public static, <c>Task M(CheckContext)</c>).</param>
/// <param name="Trials">Trials to run, ≥ 1.</param>
internal sealed record CheckToRun(string Id, string Type, string Method, int Trials);

/// <summary>One line of standard output: the result of one trial.</summary>
/// <param name="Check">The check id.</param>
/// <param name="Trial">1-based trial number.</param>
/// <param name="Passed">Whether the check method returned without throwing.</param>
/// <param name="Message">Empty when passed; otherwise why it failed.</param>
/// <param name="DurationMs">How long the trial ran, in milliseconds.</param>
/// <param name="OutOfMemory">The trial ran out of memory (the GC heap limit); the sandbox stops after it.</param>
internal sealed record TrialReport(string Check, int Trial, bool Passed, string Message, double DurationMs, bool OutOfMemory = false);

/// <summary>Exit codes besides 0 (every check ran).</summary>
internal static class SandboxExitCodes
{
    /// <summary>The run request or the assembly was unusable, or the confinement failed; the reason is on standard error.</summary>
    public const int BadRequest = 2;

    /// <summary>A trial ran out of memory; its report has <see cref="TrialReport.OutOfMemory"/> set.</summary>
    public const int OutOfMemory = 3;
}

/// <summary>The JSON settings of the protocol.</summary>
internal static class SandboxJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
