using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Workbench.Lab.Content;
using Workbench.Lab.Grading.Code;
using Workbench.Lab.Grading.Gateway;
using Workbench.Lab.Grading.Sandbox;
using Workbench.Lab.Tools.Builtin;
using Workbench.Lab.Training.Corpus;
using Workbench.LabSdk;
using Workbench.Sandbox;

namespace Workbench.Lab.Grading.Training;

/// <summary>
/// Grades training exercises (<see cref="ExerciseKind.Training"/>): compile the student's generator with the
/// exercise's visible harness, run it once in the sandbox (the harness operation <see cref="GenerateOperation"/>
/// with the spec's seed and count, under the exercise's limits, with no way to the engine), then judge the
/// conversations here, outside the sandbox: the four <see cref="CorpusChecks"/>, and — when <c>valid</c> and
/// <c>calls-new-tool</c> pass and an <see cref="ICorpusFineTuner"/> is registered — a short fine-tune of the
/// committed model and the hidden cases (<see cref="TrainingSpec.HiddenCasesPath"/>, never served) for
/// <c>learns-new-tool</c> and <c>keeps-old-tools</c>. The student never sees a hidden prompt, only counts.
/// </summary>
/// <param name="compiler">The Roslyn compiler.</param>
/// <param name="sandbox">The sandbox runner.</param>
/// <param name="logger">Logger.</param>
/// <param name="fineTuner">The training step, or null when this server cannot train.</param>
public sealed class TrainingCorpusGrader(CSharpCompiler compiler, SandboxRunner sandbox, ILogger<TrainingCorpusGrader> logger, ICorpusFineTuner? fineTuner = null)
{
    /// <summary>The harness operation that runs the student's generator: input <c>{"seed", "count"}</c>, output
    /// <c>{"conversations": [...]}</c>.</summary>
    public const string GenerateOperation = "generate";

    /// <summary>Why the training checks did not run when no fine-tuner is registered.</summary>
    public const string NoTrainingMessage = "not run: this server cannot train (no fine-tuner is registered)";

    /// <summary>Grades a training submission. Duration and attempt are left for <see cref="ExerciseGrader"/>.</summary>
    /// <param name="request">The submission; the exercise must be <see cref="ExerciseKind.Training"/> with a spec.</param>
    /// <param name="cancellationToken">Cancels grading (the sandbox is killed, training stops).</param>
    /// <returns>The result; <see cref="GradeOutcome.Error"/> when the exercise is misconfigured.</returns>
    /// <exception cref="SandboxUnavailableException">No sandbox can be started here.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<GradeResult> GradeAsync(GradingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var exercise = request.Exercise;
        if (exercise.Training is not { } spec) return GradeResults.Error(exercise, $"Exercise '{exercise.Id}' has no training spec.");
        var newTool = JsonNode.Parse(await File.ReadAllTextAsync(spec.ToolPath, cancellationToken)) as JsonObject;
        if (newTool?["function"]?["name"] is null || newTool["function"]?["parameters"]?["properties"] is not JsonObject)
            return GradeResults.Error(exercise, $"Exercise '{exercise.Id}': the tool file is not an OpenAI tools entry with parameters.");
        var newToolName = (string)newTool["function"]!["name"]!;

        var files = exercise.StarterFiles.ToDictionary(f => f.Name, f => request.Payload.Files.TryGetValue(f.Name, out var c) ? c : f.Content, StringComparer.Ordinal);
        var compiled = await Task.Run(() => compiler.Compile(files, exercise.HarnessFilePaths, checksFilePath: null, cancellationToken), cancellationToken);
        if (compiled.HasStudentErrors)
        {
            var errors = compiled.Diagnostics.Where(d => d.Severity == "error").ToList();
            var first = errors[0];
            return GradeResults.AllFailed(exercise, GradeOutcome.CompileError,
                $"Your code does not compile: {errors.Count} error{(errors.Count == 1 ? "" : "s")}; the first is {first.File}({first.Line},{first.Column}): {first.Code} {first.Message}",
                "not run: the code does not compile", compiled.Diagnostics);
        }
        if (compiled.ChecksError is { } bindError)
            return GradeResults.AllFailed(exercise, GradeOutcome.CompileError, bindError, "not run: the harness could not use your code", compiled.Diagnostics);
        if (compiled.Operations.All(o => o.Name != GenerateOperation))
            return GradeResults.Error(exercise, $"Exercise '{exercise.Id}': the harness has no [HarnessOperation(\"{GenerateOperation}\")].");

        var (conversations, failure) = await GenerateAsync(exercise, spec, files, compiled, cancellationToken);
        if (conversations is null)
            return GradeResults.AllFailed(exercise, GradeOutcome.Graded, failure!, "not run: " + failure, compiled.Diagnostics);

        var verdicts = new Dictionary<string, CorpusCheckResult>(StringComparer.Ordinal)
        {
            [TrainingSpec.ValidCheck] = CorpusChecks.Valid(conversations, spec.Conversations),
            [TrainingSpec.CallsNewToolCheck] = CorpusChecks.CallsNewTool(conversations, newTool),
            [TrainingSpec.VariedCheck] = CorpusChecks.Varied(conversations, newToolName),
            [TrainingSpec.NoFitCheck] = CorpusChecks.NoFit(conversations, newToolName),
        };
        if (verdicts[TrainingSpec.ValidCheck].Passed && CorpusJsonlProblem(conversations) is { } problem)
            verdicts[TrainingSpec.ValidCheck] = CorpusCheckResult.Fail(problem);
        foreach (var (id, verdict) in await TrainAsync(spec, conversations, newTool, newToolName, verdicts, exercise, cancellationToken))
            verdicts[id] = verdict;

        var checks = exercise.Checks.Select(c =>
        {
            var verdict = verdicts[c.Id];
            return new CheckResult(c.Id, c.Title, verdict.Passed, verdict.Message, verdict.Passed ? c.Points : 0, c.Points, verdict.Passed ? 1 : 0, 1);
        }).ToList();
        return new GradeResult(GradeOutcome.Graded, checks.Sum(c => c.Points), exercise.MaxScore, TimeSpan.Zero, 0, checks, compiled.Diagnostics, GradeResults.Summary(checks));
    }

    /// <summary>Runs the generator in the sandbox; returns its conversations, or null and why not (for the student).</summary>
    private async Task<(IReadOnlyList<JsonNode?>? Conversations, string? Failure)> GenerateAsync(
        ExerciseDefinition exercise, TrainingSpec spec, Dictionary<string, string> files, SubmissionCompilation compiled, CancellationToken cancellationToken)
    {
        JsonNode? output = null;
        string? error = null;
        var run = new SandboxRun(compiled.AssemblyImage!, [.. files.Keys],
            [.. compiled.Operations.Select(o => new HarnessOperationEntry(o.Name, o.TypeName, o.MethodName))],
            exercise.Limits, GradingGateway.Endpoint, Model: "none", SocketPath: null, Token: null,
            async (session, token) =>
            {
                try
                {
                    output = await session.CallAsync(GenerateOperation, new JsonObject { ["seed"] = spec.Seed, ["count"] = spec.Conversations }, token);
                }
                catch (StudentCodeException e)
                {
                    error = "your generator threw " + e.Message;
                }
                catch (SandboxStoppedException)
                {
                    // The runner's result says why (a limit, a crash).
                }
            });
        var result = await sandbox.RunAsync(run, cancellationToken);
        if (error is not null) return (null, error);
        if (output?["conversations"] is JsonArray array) return ([.. array], null);
        var why = result switch
        {
            { ProtocolError: { } protocol } => "stopped: " + protocol,
            { ExceededLimit: SandboxLimit.WallTime } => $"killed: exceeded the wall-time limit of {exercise.Limits.WallTime.TotalSeconds:0.#} s (does Generate end?)",
            { ExceededLimit: SandboxLimit.CpuTime } => $"killed: exceeded the CPU-time limit of {exercise.Limits.CpuTime.TotalSeconds:0.#} s (does Generate end?)",
            { ExceededLimit: SandboxLimit.Memory } => $"killed: exceeded the memory limit of {exercise.Limits.MemoryBytes / (1024 * 1024)} MiB",
            { ExceededLimit: SandboxLimit.Processes } => "killed: exceeded the limit of processes and threads",
            { ExitCode: SandboxExitCodes.BadRequest } => "the sandbox could not run the generator: " + result.StandardError,
            _ => $"crashed: the program ended with exit code {result.ExitCode?.ToString() ?? "none"}" +
                 (result.StandardError.Length > 0 ? ": " + result.StandardError.Split('\n')[0].Trim() : ""),
        };
        if (result.ExitCode == SandboxExitCodes.BadRequest) logger.LogError("Sandbox refused the run of {Exercise}: {Error}", exercise.Id, result.StandardError);
        return (null, why);
    }

    /// <summary>The trainer's own reading of the conversations (<see cref="CorpusJsonl.Read"/>, what training will
    /// use): its first complaint as "conversation N: …", or null.</summary>
    private static string? CorpusJsonlProblem(IReadOnlyList<JsonNode?> conversations)
    {
        try
        {
            CorpusJsonl.Read(new StringReader(string.Join('\n', conversations.Select(c => c!.ToJsonString()))));
            return null;
        }
        catch (FormatException e)
        {
            return "conversation " + (e.Message.StartsWith("line ", StringComparison.Ordinal) ? e.Message[5..] : e.Message);
        }
    }

    /// <summary>The two training checks' verdicts.</summary>
    private async Task<IReadOnlyList<(string Id, CorpusCheckResult Verdict)>> TrainAsync(TrainingSpec spec, IReadOnlyList<JsonNode?> conversations,
        JsonObject newTool, string newToolName, Dictionary<string, CorpusCheckResult> corpus, ExerciseDefinition exercise, CancellationToken cancellationToken)
    {
        (string, CorpusCheckResult)[] NotRun(string message) =>
            [(TrainingSpec.LearnsNewToolCheck, CorpusCheckResult.Fail(message)), (TrainingSpec.KeepsOldToolsCheck, CorpusCheckResult.Fail(message))];

        if (!corpus[TrainingSpec.ValidCheck].Passed || !corpus[TrainingSpec.CallsNewToolCheck].Passed)
            return NotRun($"not run: the corpus must pass '{TrainingSpec.ValidCheck}' and '{TrainingSpec.CallsNewToolCheck}' before the model is trained on it");
        if (fineTuner is null) return NotRun(NoTrainingMessage);
        if (fineTuner.Unavailable is { } unavailable) return NotRun("not run: " + unavailable);

        var builtins = new BuiltinTools(exercise.DirectoryPath);
        var cases = HiddenCase.Load(spec.HiddenCasesPath, name => name == newToolName ? (JsonObject)newTool.DeepClone() : ToolsEntry(builtins.Find(name)));
        var evaluation = await fineTuner.FineTuneAndEvaluateAsync(
            new FineTuneRequest([.. conversations.Cast<JsonObject>()], cases, spec), cancellationToken);
        if (evaluation.Outcomes.Count != cases.Count)
            throw new InvalidOperationException($"The fine-tuner answered {evaluation.Outcomes.Count} of {cases.Count} hidden cases.");
        logger.LogInformation("Fine-tuned {Exercise}: {Steps} steps, final loss {Loss:0.###}, {Seconds:0.#} s.",
            exercise.Id, evaluation.Steps, evaluation.FinalLoss, evaluation.Elapsed.TotalSeconds);

        var rows = cases.Zip(evaluation.Outcomes).ToList();
        var about = $" (fine-tuned {evaluation.Steps} steps to a loss of {evaluation.FinalLoss:0.##} nats)";
        return
        [
            (TrainingSpec.LearnsNewToolCheck, Judge(rows.Where(r => r.First.ToolName == newToolName).Select(r => r.Second).ToList(),
                spec.NewToolMinAccuracy, $"called {newToolName} with the right arguments", about)),
            (TrainingSpec.KeepsOldToolsCheck, Judge(rows.Where(r => r.First.ToolName != newToolName).Select(r => r.Second).ToList(),
                spec.OldToolsMinAccuracy, "made the right call for the old tools", about)),
        ];
    }

    /// <summary>"passed: … on 9 of 12 hidden prompts", or the counts and what went wrong, without the prompts.</summary>
    private static CorpusCheckResult Judge(IReadOnlyList<HiddenCaseOutcome> outcomes, double threshold, string what, string about)
    {
        var right = outcomes.Count(o => o.Verdict == HiddenCaseVerdict.Right);
        var text = $"the fine-tuned model {what} on {right} of {outcomes.Count} hidden prompts";
        if (GradeResults.MeetsThreshold(right, outcomes.Count, threshold)) return CorpusCheckResult.Pass($"passed: {text}{about}");
        var wrong = outcomes.Where(o => o.Verdict != HiddenCaseVerdict.Right).GroupBy(o => o.Verdict)
            .Select(g => $"{g.Count()} {Describe(g.Key)}");
        return CorpusCheckResult.Fail($"{text}, needs {Math.Ceiling(threshold * outcomes.Count - 1e-9)}{about}; the others: {string.Join(", ", wrong)}.");
    }

    private static string Describe(HiddenCaseVerdict verdict) => verdict switch
    {
        HiddenCaseVerdict.WrongArguments => "the right tool with wrong arguments",
        HiddenCaseVerdict.WrongTool => "another tool",
        HiddenCaseVerdict.NoCall => "no call",
        HiddenCaseVerdict.UnexpectedCall => "a call where none fits",
        HiddenCaseVerdict.Invalid => "an unparseable call",
        _ => "right",
    };

    /// <summary>A built-in tool as an OpenAI <c>tools</c> entry, or null.</summary>
    private static JsonObject? ToolsEntry(Microsoft.Extensions.AI.AIFunction? function) => function is null ? null : new JsonObject
    {
        ["type"] = "function",
        ["function"] = new JsonObject
        {
            ["name"] = function.Name,
            ["description"] = function.Description,
            ["parameters"] = JsonNode.Parse(function.JsonSchema.GetRawText()),
        },
    };
}
