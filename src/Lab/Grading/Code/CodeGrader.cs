using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging;
using Workbench.Engine.Inference;
using Workbench.Lab.Content;
using Workbench.Lab.Grading.Gateway;
using Workbench.Lab.Grading.Sandbox;

using System.Reflection;
using Workbench.LabSdk;
using Workbench.Sandbox;

namespace Workbench.Lab.Grading.Code;

/// <summary>
/// Grades C# code exercises: compile the student's files (errors → <see cref="GradeOutcome.CompileError"/> with
/// diagnostics), compile them with the exercise's visible harness into the sandbox assembly and the hidden checks
/// alone into the judge assembly (loaded here, in a collectible context), run the sandbox with a gateway token for
/// the submitting user while the checks call it (<see cref="CheckJudge"/>), and score each check by its trials'
/// pass rate against its threshold. The verdicts are computed here; nothing the sandbox sends is one. An exercise
/// with <see cref="ExerciseHost.McpServer"/> runs the submission as an MCP server in the sandbox and gives the checks
/// an MCP client connected to it over stdio (<see cref="CheckContext.Mcp"/>).
/// </summary>
/// <param name="compiler">The Roslyn compiler.</param>
/// <param name="sandbox">The sandbox runner.</param>
/// <param name="gateway">The grading gateway (started on first use).</param>
/// <param name="engine">The engine: its loaded model's id goes to the lab context.</param>
/// <param name="options">The lab options (<see cref="LabOptions.ModelWaitSeconds"/>).</param>
/// <param name="logger">Logger.</param>
public sealed class CodeGrader(CSharpCompiler compiler, SandboxRunner sandbox, GradingGateway gateway, IInferenceEngine engine, IOptions<LabOptions> options, ILogger<CodeGrader> logger)
{
    /// <summary>Grades a code submission. Duration and attempt are left for <see cref="ExerciseGrader"/> to fill.</summary>
    /// <param name="request">The submission; the exercise must be <see cref="ExerciseKind.Code"/> with a checks file.</param>
    /// <param name="cancellationToken">Cancels grading (the sandbox is killed).</param>
    /// <returns>The result; <see cref="GradeOutcome.Error"/> when the exercise is misconfigured.</returns>
    /// <exception cref="SandboxUnavailableException">No sandbox can be started here.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<GradeResult> GradeAsync(GradingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var exercise = request.Exercise;
        if (exercise.ChecksFilePath is not { } checksFile)
            return GradeResults.Error(exercise, $"Exercise '{exercise.Id}' has no checks file.");

        var files = StudentFiles(exercise, request.Payload);
        var compiled = await Task.Run(() => compiler.Compile(files, exercise.HarnessFilePaths, checksFile, cancellationToken), cancellationToken);
        if (compiled.HasStudentErrors)
        {
            var errors = compiled.Diagnostics.Where(d => d.Severity == "error").ToList();
            var first = errors[0];
            var summary = $"Your code does not compile: {errors.Count} error{(errors.Count == 1 ? "" : "s")}; the first is " +
                $"{first.File}({first.Line},{first.Column}): {first.Code} {first.Message}";
            return GradeResults.AllFailed(exercise, GradeOutcome.CompileError, summary, "not run: the code does not compile", compiled.Diagnostics);
        }
        if (compiled.Checks is not { Image: { } judgeImage } checks)
            return GradeResults.Error(exercise, $"Exercise '{exercise.Id}': {compiled.Checks?.Error ?? "no checks"}");
        var methods = checks.Methods.ToDictionary(m => m.Id, StringComparer.Ordinal);
        if (exercise.Checks.FirstOrDefault(c => !methods.ContainsKey(c.Id)) is { } missing)
            return GradeResults.Error(exercise, $"Exercise '{exercise.Id}': the checks file has no [Check(\"{missing.Id}\")] method.");
        if (compiled.ChecksError is { } checksError)
            return GradeResults.AllFailed(exercise, GradeOutcome.CompileError, checksError, "not run: the checks could not use your code", compiled.Diagnostics);
        // After a restart the engine may still be loading its model: wait for it rather than fail the submission.
        var model = (await EngineReadiness.WaitForModelAsync(engine, TimeSpan.FromSeconds(options.Value.ModelWaitSeconds), cancellationToken))?.Id;
        if (model is null)
            return GradeResults.Error(exercise, GradeResults.NoModelLoaded);

        using var judgeAssembly = new CheckLoadContext(judgeImage);
        var resolved = new List<(CheckDefinition, MethodInfo)>();
        foreach (var check in exercise.Checks)
        {
            var method = judgeAssembly.Checks.GetType(methods[check.Id].TypeName)?.GetMethod(methods[check.Id].MethodName, BindingFlags.Public | BindingFlags.Static, [typeof(CheckContext)]);
            if (method is null || method.ReturnType != typeof(Task))
                return GradeResults.Error(exercise, $"Exercise '{exercise.Id}': check '{check.Id}' is not a public static Task {methods[check.Id].MethodName}(CheckContext).");
            resolved.Add((check, method));
        }

        var socket = await gateway.StartAsync(cancellationToken);
        using var registration = gateway.Register(request.Caller);
        using var judgeRegistration = gateway.Register(request.Caller, recordExchanges: false);
        using var judgeLab = new LabContext(GradingGateway.Endpoint, model, judgeRegistration.Token, socket);
        var judge = new CheckJudge(resolved, exercise.Limits, judgeLab, registration.Exchanges!);
        var run = new SandboxRun(compiled.AssemblyImage!, [.. files.Keys],
            [.. compiled.Operations.Select(o => new HarnessOperationEntry(o.Name, o.TypeName, o.MethodName))],
            exercise.Limits, GradingGateway.Endpoint, model, socket, registration.Token, judge.RunAsync,
            exercise.Host == ExerciseHost.McpServer ? SandboxHosts.McpServer : SandboxHosts.Harness);
        var result = await sandbox.RunAsync(run, cancellationToken);
        if (result.ExitCode == SandboxExitCodes.BadRequest)
            logger.LogError("Sandbox refused the run of {Exercise}: {Error}", exercise.Id, result.StandardError);
        return Score(exercise, result, compiled.Diagnostics);
    }

    /// <summary>The exercise's starter file names with the submitted content (the starter content when a file is
    /// missing from the payload); other submitted files are ignored.</summary>
    private static Dictionary<string, string> StudentFiles(ExerciseDefinition exercise, SubmissionPayload payload) =>
        exercise.StarterFiles.ToDictionary(f => f.Name, f => payload.Files.TryGetValue(f.Name, out var content) ? content : f.Content, StringComparer.Ordinal);

    private static GradeResult Score(ExerciseDefinition exercise, SandboxResult result, IReadOnlyList<CompileDiagnostic> diagnostics)
    {
        var complete = exercise.Checks.Sum(c => c.Trials) == result.Trials.Count;
        var stopped = StopReason(exercise.Limits, result, complete);
        var checks = new List<CheckResult>();
        foreach (var check in exercise.Checks)
        {
            var trials = result.Trials.Where(t => t.CheckId == check.Id).OrderBy(t => t.Trial).ToList();
            var passedCount = trials.Count(t => t.Passed);
            var passed = GradeResults.MeetsThreshold(passedCount, check.Trials, check.PassThreshold);
            string message;
            if (passed) message = check.Trials == 1 ? "passed" : $"passed {passedCount} of {check.Trials} trials";
            else if (trials.FirstOrDefault(t => !t.Passed) is { } failure)
                message = check.Trials == 1 ? failure.Message : $"trial {failure.Trial} of {check.Trials}: {failure.Message}";
            else message = "not run: " + (stopped ?? "the sandbox stopped early");
            checks.Add(new CheckResult(check.Id, check.Title, passed, message, passed ? check.Points : 0, check.Points, passedCount, check.Trials));
        }
        var summary = GradeResults.Summary(checks);
        return new GradeResult(GradeOutcome.Graded, checks.Sum(c => c.Points), exercise.MaxScore, TimeSpan.Zero, 0, checks, diagnostics,
            stopped is null ? summary : $"{stopped}; {summary}");
    }

    /// <summary>Why the run stopped before every trial reported, for the student; null when it completed.</summary>
    private static string? StopReason(SandboxLimits limits, SandboxResult result, bool complete) => result switch
    {
        { ProtocolError: { } protocol } => "stopped: " + protocol,
        { ExceededLimit: SandboxLimit.WallTime } => $"killed: exceeded the wall-time limit of {limits.WallTime.TotalSeconds:0.#} s",
        { ExceededLimit: SandboxLimit.CpuTime } => $"killed: exceeded the CPU-time limit of {limits.CpuTime.TotalSeconds:0.#} s",
        { ExceededLimit: SandboxLimit.Memory } => $"killed: exceeded the memory limit of {limits.MemoryBytes / (1024 * 1024)} MiB",
        { ExceededLimit: SandboxLimit.Processes } => $"killed: exceeded the limit of {SandboxTreeLimits.DefaultMaxProcesses} processes and threads",
        { ExitCode: 0 } when complete => null,
        { ExitCode: 0 } => "crashed: the program ended (exit code 0) before every check had run",
        { ExitCode: SandboxExitCodes.BadRequest } => "the sandbox could not run the checks: " + result.StandardError,
        { ExitCode: SandboxExitCodes.ServerFailed } => result.StandardError.Split('\n')[0].Trim(),
        _ => $"crashed: the program ended with exit code {result.ExitCode}" +
             (result.StandardError.Length > 0 ? ": " + result.StandardError.Split('\n')[0].Trim() : ""),
    };
}
