using Workbench.Lab.Content;
using Workbench.Sandbox;

namespace Workbench.Lab.Grading.Sandbox;

/// <summary>One sandbox run: a compiled submission, the harness operations it offers, the limits it runs under, and
/// the judge that talks with it.</summary>
/// <param name="AssemblyImage">The compiled assembly (student files + the exercise's visible harness, embedded
/// portable PDB). Never the hidden checks.</param>
/// <param name="StudentFiles">The student's file names, to locate exceptions in their code (for example <c>Solution.cs</c>).</param>
/// <param name="Operations">The harness operations the judge may call.</param>
/// <param name="Limits">Wall-time, CPU-time and memory limits of the whole run.</param>
/// <param name="Endpoint">The lab endpoint's root URI as the sandboxed code sees it.</param>
/// <param name="Model">The served model's id.</param>
/// <param name="SocketPath">The grading gateway's Unix socket (the only way out of the sandbox), or null when the
/// run needs no engine.</param>
/// <param name="Token">The run's bearer token for the gateway, or null.</param>
/// <param name="Judge">Runs in the grading process while the sandbox runs: calls operations over the session and
/// reports each trial to it. The runner closes the channel when it returns, and stops waiting for it once the
/// sandbox is gone.</param>
/// <param name="Host">What the sandbox serves: <see cref="SandboxHosts.Harness"/> or <see cref="SandboxHosts.McpServer"/>
/// (then the session carries the MCP stdio transport: <see cref="SandboxSession.McpStreams"/>).</param>
internal sealed record SandboxRun(
    byte[] AssemblyImage,
    IReadOnlyList<string> StudentFiles,
    IReadOnlyList<HarnessOperationEntry> Operations,
    SandboxLimits Limits,
    Uri Endpoint,
    string Model,
    string? SocketPath,
    string? Token,
    Func<SandboxSession, CancellationToken, Task> Judge,
    string Host = SandboxHosts.Harness);
