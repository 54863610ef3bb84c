using Workbench.Lab.Content;
using Workbench.Sandbox;

namespace Workbench.Lab.Grading.Sandbox;

/// <summary>One sandbox run: a compiled submission, the checks to run in it and the limits it runs under.</summary>
/// <param name="AssemblyImage">The compiled assembly (student files + hidden checks, embedded portable PDB).</param>
/// <param name="StudentFiles">The student's file names, to locate exceptions in their code (for example <c>Solution.cs</c>).</param>
/// <param name="Checks">The checks, in the order they run.</param>
/// <param name="Limits">Wall-time, CPU-time and memory limits of the whole run.</param>
/// <param name="Endpoint">The lab endpoint's root URI as the sandboxed code sees it.</param>
/// <param name="Model">The served model's id.</param>
/// <param name="SocketPath">The grading gateway's Unix socket (the only way out of the sandbox), or null when the
/// run needs no engine.</param>
/// <param name="Token">The run's bearer token for the gateway, or null.</param>
internal sealed record SandboxRun(
    byte[] AssemblyImage,
    IReadOnlyList<string> StudentFiles,
    IReadOnlyList<CheckToRun> Checks,
    SandboxLimits Limits,
    Uri Endpoint,
    string Model,
    string? SocketPath,
    string? Token);
