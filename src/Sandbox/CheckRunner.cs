using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Workbench.LabSdk;

namespace Workbench.Sandbox;

/// <summary>Runs each check's trials one after another and writes one <see cref="TrialReport"/> line per trial.</summary>
/// <param name="request">The run request.</param>
/// <param name="lab">The lab context every trial shares (the student's code and the checks get this one).</param>
/// <param name="output">The real standard output (the student's <see cref="Console"/> output goes elsewhere).</param>
/// <param name="errors">The real standard error, for a bad request.</param>
internal sealed class CheckRunner(RunRequest request, LabContext lab, TextWriter output, TextWriter errors)
{
    /// <summary>Resolves every check method first (a missing one is a bad request), then runs them.</summary>
    /// <returns>The process exit code.</returns>
    public async Task<int> RunAsync(Assembly assembly)
    {
        var methods = new List<(CheckToRun Check, MethodInfo Method)>();
        foreach (var check in request.Checks)
        {
            var method = assembly.GetType(check.Type)?.GetMethod(check.Method, BindingFlags.Public | BindingFlags.Static, [typeof(CheckContext)]);
            if (method is null || method.ReturnType != typeof(Task))
            {
                await errors.WriteLineAsync($"Check '{check.Id}': no public static Task {check.Type}.{check.Method}(CheckContext).");
                return SandboxExitCodes.BadRequest;
            }
            methods.Add((check, method));
        }

        foreach (var (check, method) in methods)
        {
            for (var trial = 1; trial <= check.Trials; trial++)
            {
                var report = await RunTrialAsync(check, method, trial);
                await output.WriteLineAsync(JsonSerializer.Serialize(report, SandboxJson.Options));
                if (report.OutOfMemory) return SandboxExitCodes.OutOfMemory;
            }
        }
        return 0;
    }

    private async Task<TrialReport> RunTrialAsync(CheckToRun check, MethodInfo method, int trial)
    {
        var timeout = TimeSpan.FromMilliseconds(request.TrialTimeoutMs);
        using var timer = new CancellationTokenSource(timeout);
        var context = new CheckContext(lab, check.Id, trial, timer.Token);
        var clock = Stopwatch.StartNew();

        // On a pool thread, so that code that never yields (an endless loop) cannot stop the timeout below.
        var run = Task.Run(() => (Task)method.Invoke(null, BindingFlags.DoNotWrapExceptions, null, [context], null)!);
        var finished = await Task.WhenAny(run, Task.Delay(timeout)) == run;
        var elapsed = clock.Elapsed.TotalMilliseconds;

        if (!finished || (run.IsCanceled && timer.IsCancellationRequested))
            return Failed($"did not finish within {timeout.TotalSeconds:0.#} s (each check may use half the wall-time limit)");
        if (run.Exception is { } error)
        {
            var thrown = FailureDescription.Unwrap(error);
            if (thrown is OutOfMemoryException) return Failed("ran out of memory", outOfMemory: true);
            if (thrown is OperationCanceledException && timer.IsCancellationRequested)
                return Failed($"did not finish within {timeout.TotalSeconds:0.#} s (each check may use half the wall-time limit)");
            return Failed(FailureDescription.Describe(thrown, request.StudentFiles));
        }
        if (run.IsCanceled) return Failed("was cancelled");
        return new TrialReport(check.Id, trial, Passed: true, "", elapsed);

        TrialReport Failed(string message, bool outOfMemory = false) => new(check.Id, trial, Passed: false, message, elapsed, outOfMemory);
    }
}
