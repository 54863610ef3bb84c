// Workbench.Sandbox <run.json>: runs the hidden checks of one code submission and writes one JSON line per trial
// to standard output (see SandboxProtocol.cs). The grader (Workbench.Lab's SandboxRunner) starts it in a private
// working directory, in new network and mount namespaces (unshare --net --mount: no network interface at all),
// under wall-time, CPU-time and memory limits that it enforces from outside; the only way out is the grading
// gateway's Unix socket. Before the student's code runs, the sandbox hides the lab content and the data
// directory and, when started as root, becomes user nobody (Confinement.cs).
using System.Reflection;
using System.Text;
using System.Text.Json;
using Workbench.LabSdk;
using Workbench.Sandbox;

if (args.Length != 1)
{
    await Console.Error.WriteLineAsync("usage: Workbench.Sandbox <run.json>");
    return SandboxExitCodes.BadRequest;
}

RunRequest request;
Assembly assembly;
try
{
    request = JsonSerializer.Deserialize<RunRequest>(await File.ReadAllTextAsync(args[0]), SandboxJson.Options)
        ?? throw new JsonException("The run request is null.");
    File.Delete(args[0]); // the student's code runs in this directory: leave it no token to read
    assembly = Assembly.LoadFrom(Path.GetFullPath(request.AssemblyPath)); // before its folder is hidden below
}
catch (Exception e) when (e is IOException or JsonException or BadImageFormatException or UnauthorizedAccessException)
{
    await Console.Error.WriteLineAsync($"Bad run request '{args[0]}': {e.Message}");
    return SandboxExitCodes.BadRequest;
}

// Everything the code can load must be in memory before the confinement (nobody may not read the app's folder).
Preloader.Load(assembly);
using var lab = new LabContext(new Uri(request.Endpoint), request.Model, request.Token, request.SocketPath);

if (Confinement.Apply(request.HiddenPaths ?? [], request.DropToNobody) is { } confinementError)
{
    await Console.Error.WriteLineAsync($"The sandbox could not confine itself: {confinementError}");
    return SandboxExitCodes.BadRequest;
}

// Reports go to the real standard output; whatever the student's code prints is discarded, so it cannot be
// mistaken for a report.
var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true };
var errors = new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(false)) { AutoFlush = true };
Console.SetOut(TextWriter.Null);
Console.SetError(TextWriter.Null);

var exitCode = await new CheckRunner(request, lab, output, errors).RunAsync(assembly);
await output.FlushAsync();
// Exit now even if the student's code left foreground threads or endless tasks running.
Environment.Exit(exitCode);
return exitCode;
