// Workbench.Sandbox <run.json>: runs a code submission (the student's files compiled with the exercise's visible
// harness) and answers the grader's calls of harness operations over a private channel (see SandboxProtocol.cs),
// or, for an exercise with host mcp-server, serves the submission's MCP tools, resources and prompts on that channel
// (McpHost.cs: the grader is an MCP client over stdio).
// The hidden checks, their expected values and the reference solution never enter this process: the grader runs
// the checks and computes the verdict. The grader (Workbench.Lab's SandboxRunner) starts it in a private working
// directory under bubblewrap (its own PID, user and network namespaces; only /usr, the app folder and the run folder
// visible), under whole-tree limits that it enforces from outside; the only way out is the grading gateway's Unix
// socket. Before the student's code runs, the sandbox moves its channel off the standard streams (PrivateChannel.cs).
using System.Reflection;
using System.Text;
using System.Text.Json;
using Workbench.LabSdk;
using Workbench.Sandbox;

if (args is [CSharpTestHost.Switch, ..]) Environment.Exit(CSharpTestHost.Run(args)); // cstest: C# tests without an SDK

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
    assembly = Assembly.LoadFrom(Path.GetFullPath(request.AssemblyPath));
}
catch (Exception e) when (e is IOException or JsonException or BadImageFormatException or UnauthorizedAccessException)
{
    await Console.Error.WriteLineAsync($"Bad run request '{args[0]}': {e.Message}");
    return SandboxExitCodes.BadRequest;
}

// Everything the code can load is loaded before the student's code runs.
Preloader.Load(assembly);
using var lab = new LabContext(new Uri(request.Endpoint), request.Model, request.Token, request.SocketPath);

var errors = new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(false)) { AutoFlush = true };
Stream requests, responses;
try
{
    (requests, responses) = PrivateChannel.Open();
}
catch (IOException e)
{
    await errors.WriteLineAsync($"The sandbox could not open its channel: {e.Message}");
    return SandboxExitCodes.BadRequest;
}
Console.SetError(TextWriter.Null);

int exitCode;
try
{
    if (request.Host == SandboxHosts.McpServer)
    {
        // Discovered only now, behind the private channel: attribute constructors are the student's code.
        exitCode = await McpHost.RunAsync(McpHost.CreateOptions(assembly), requests, responses);
    }
    else
    {
        exitCode = await new HarnessHost(request, lab, requests, responses).RunAsync(assembly, errors);
    }
}
catch (McpHostException e)
{
    await errors.WriteLineAsync($"Your MCP server cannot start: {e.Message}");
    exitCode = SandboxExitCodes.ServerFailed;
}
catch (Exception e) when (e is InvalidDataException or JsonException)
{
    await errors.WriteLineAsync($"Bad message from the grader: {e.Message}");
    exitCode = SandboxExitCodes.BadRequest;
}
// Exit now even if the student's code left foreground threads or endless tasks running.
Environment.Exit(exitCode);
return exitCode;
