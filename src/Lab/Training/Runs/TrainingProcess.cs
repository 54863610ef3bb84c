using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Workbench.Lab.Training.Runs;

/// <summary>
/// Runs one training run as a child process: <c>{Command} --preset P --lr X --steps N --seed S --sample-every K
/// --out {OutputDirectory}/trained-&lt;id&gt;.gguf --json</c> in <see cref="TrainingRunOptions.WorkingDirectory"/>, its stdout
/// read line by line through <see cref="TrainingProtocolReader"/>, the last <see cref="KeptStderrLines"/> stderr lines
/// kept for the error message. The child is killed with its whole tree when the token is cancelled, when it prints a
/// line that is not the protocol, and at <see cref="TrainingRunOptions.MaxMinutes"/>.
/// </summary>
internal sealed class TrainingProcess(TrainingRunOptions options, TimeSpan? limit = null)
{
    private readonly TimeSpan _limit = limit ?? TimeSpan.FromMinutes(options.MaxMinutes);

    /// <summary>Stderr lines kept for a failure's message.</summary>
    public const int KeptStderrLines = 8;

    /// <summary>The folder models go to (full path).</summary>
    public string OutputDirectory { get; } = options.OutputDirectory;

    /// <summary>Where run <paramref name="id"/>'s model goes: <c>{OutputDirectory}/trained-&lt;id&gt;.gguf</c>.</summary>
    public string ModelPathOf(string id) => Path.Combine(OutputDirectory, "trained-" + id + ".gguf");

    /// <summary>Checkpoint samples every this many steps: five checkpoints after step 0, at least 10 steps apart.</summary>
    public static int SampleEvery(int steps) => Math.Max(10, steps / 5);

    /// <summary>The child's arguments for <paramref name="request"/> writing <paramref name="outputPath"/>.</summary>
    public static IReadOnlyList<string> Arguments(TrainingRunRequest request, string outputPath) =>
    [
        "--preset", request.Preset,
        "--lr", request.LearningRate.ToString("R", CultureInfo.InvariantCulture),
        "--steps", request.Steps.ToString(CultureInfo.InvariantCulture),
        "--seed", request.Seed.ToString(CultureInfo.InvariantCulture),
        "--sample-every", SampleEvery(request.Steps).ToString(CultureInfo.InvariantCulture),
        "--out", outputPath,
        "--json",
    ];

    /// <summary>Runs the child for <paramref name="record"/> (status Running) to its end.</summary>
    /// <param name="record">The run.</param>
    /// <param name="progress">Gets every updated record (a phase, a point, a sample).</param>
    /// <param name="cancellationToken">The owner stopped the run (or the app is stopping): the child is killed and the
    /// run ends Stopped.</param>
    /// <returns>The ended record: Done, Stopped or Failed (EndedAt is set by the caller).</returns>
    public async Task<TrainingRunRecord> RunAsync(TrainingRunRecord record, Action<TrainingRunRecord> progress, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return record with { Status = TrainingRunStatus.Stopped };
        Directory.CreateDirectory(OutputDirectory);
        var output = ModelPathOf(record.Id);
        var info = StartInfo(Arguments(record.Request, output));

        using var process = new Process { StartInfo = info };
        var stderr = new Queue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderr)
            {
                stderr.Enqueue(e.Data.Length <= 300 ? e.Data : e.Data[..300] + "…");
                if (stderr.Count > KeptStderrLines) stderr.Dequeue();
            }
        };
        string LastStderr() { lock (stderr) return stderr.Count == 0 ? "" : " Its last output: " + string.Join(" | ", stderr); }

        try
        {
            if (!process.Start()) return record with { Status = TrainingRunStatus.Failed, Error = $"The trainer '{options.Command}' did not start." };
        }
        catch (Win32Exception e)
        {
            return record with { Status = TrainingRunStatus.Failed, Error = $"The trainer '{options.Command}' could not be started: {e.Message}" };
        }
        process.StandardInput.Close();
        process.BeginErrorReadLine();

        using var deadline = new CancellationTokenSource(_limit);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        using var kill = either.Token.Register(() => KillTree(process));
        string? protocolError = null;
        var done = false;
        try
        {
            while (await process.StandardOutput.ReadLineAsync(either.Token).ConfigureAwait(false) is { } line)
            {
                if (line.Length == 0) continue;
                try
                {
                    var (kind, next) = TrainingProtocolReader.Apply(line, record);
                    record = next;
                    if (kind == TrainingProtocolReader.LineKind.Done) done = true;
                    progress(record);
                }
                catch (FormatException e)
                {
                    protocolError = e.Message;
                    KillTree(process);
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Killed: the status below says why.
        }
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);

        if (cancellationToken.IsCancellationRequested)
        {
            DeleteQuietly(output);
            return record with { Status = TrainingRunStatus.Stopped };
        }
        if (deadline.IsCancellationRequested)
        {
            DeleteQuietly(output);
            return record with { Status = TrainingRunStatus.Failed, Error = $"The run took longer than Training:MaxMinutes ({_limit.TotalMinutes:0.##} min) and was stopped." };
        }
        if (protocolError is not null) return record with { Status = TrainingRunStatus.Failed, Error = protocolError + LastStderr() };
        if (record.Error is not null) return record with { Status = TrainingRunStatus.Failed, Error = record.Error };
        if (!done || process.ExitCode != 0)
            return record with { Status = TrainingRunStatus.Failed, Error = $"The trainer exited with code {process.ExitCode} before it finished.{LastStderr()}" };
        if (!File.Exists(output))
            return record with { Status = TrainingRunStatus.Failed, Error = "The trainer said done but wrote no model file." };
        return record with { Status = TrainingRunStatus.Done, ModelPath = output, SizeInBytes = new FileInfo(output).Length };
    }

    /// <summary>Most seconds one reply of a trained model may take (the child is killed after it).</summary>
    public const int ReplySeconds = 60;

    /// <summary>Asks a trained model for one reply: <c>{Command} --generate MODEL --prompt P [--tools a,b]
    /// --max-tokens N --json</c>, whose <c>{"type": "generation", "text"}</c> line is the answer.</summary>
    /// <param name="modelPath">The trained GGUF.</param>
    /// <param name="prompt">The user message.</param>
    /// <param name="tools">Built-in tool names offered (may be empty).</param>
    /// <param name="maxTokens">Most tokens of the reply.</param>
    /// <param name="cancellationToken">Kills the child.</param>
    /// <returns>The reply's text (the model's whole output, call markup included).</returns>
    /// <exception cref="TrainingRunRequestException">The trainer refused the request (its error line) or failed.</exception>
    /// <exception cref="TimeoutException">It ran past <see cref="ReplySeconds"/>.</exception>
    public async Task<string> ReplyAsync(string modelPath, string prompt, IReadOnlyList<string> tools, int maxTokens, CancellationToken cancellationToken)
    {
        string[] toolArguments = tools.Count > 0 ? ["--tools", string.Join(',', tools)] : [];
        var info = StartInfo(["--generate", modelPath, "--prompt", prompt, "--max-tokens", maxTokens.ToString(CultureInfo.InvariantCulture), "--json", .. toolArguments]);
        using var process = new Process { StartInfo = info };
        try
        {
            if (!process.Start()) throw new TrainingRunRequestException("prompt", $"The trainer '{options.Command}' did not start.");
        }
        catch (Win32Exception e)
        {
            throw new TrainingRunRequestException("prompt", $"The trainer '{options.Command}' could not be started: {e.Message}");
        }
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(ReplySeconds));
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        using var kill = either.Token.Register(() => KillTree(process));
        string? text = null, error = null;
        try
        {
            while (await process.StandardOutput.ReadLineAsync(either.Token).ConfigureAwait(false) is { } line)
            {
                if (line.Length == 0) continue;
                try
                {
                    var node = System.Text.Json.Nodes.JsonNode.Parse(line);
                    switch ((string?)node?["type"])
                    {
                        case "generation": text = (string?)node!["text"] ?? ""; break;
                        case "error": error = (string?)node!["message"]; break;
                    }
                }
                catch (System.Text.Json.JsonException)
                {
                    // Not a protocol line; ignored (the exit code decides).
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Killed: below says why.
        }
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (deadline.IsCancellationRequested) throw new TimeoutException($"The model took longer than {ReplySeconds} s to reply.");
        if (error is not null) throw new TrainingRunRequestException("prompt", error);
        if (text is null || process.ExitCode != 0)
            throw new TrainingRunRequestException("prompt", $"The trainer exited with code {process.ExitCode} without a reply. {(await stderr.ConfigureAwait(false)).Trim()}".Trim());
        return text;
    }

    // The trainer's command with these arguments, every stream redirected, in the configured working directory.
    private ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(options.Command)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = options.WorkingDirectory,
        };
        foreach (var arg in arguments) info.ArgumentList.Add(arg);
        return info;
    }

    private static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (Win32Exception)
        {
            // Already gone or not ours to kill.
        }
    }

    private static void DeleteQuietly(string path)
    {
        foreach (var file in new[] { path, path + ".partial", Path.ChangeExtension(path, ".partial") })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
