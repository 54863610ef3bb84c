using System.Diagnostics;
using System.Text.Json;

namespace Workbench.Engine.ModelTools;

/// <summary>
/// The parent's end of the model-tool process (<see cref="ModelToolHost"/>): starts one child per operation, sends
/// the request, turns its progress lines into <see cref="IProgress{T}"/> reports and its result line into
/// <c>TResult</c>. Cancelling kills the child's whole process tree. Thread-safe: every call has its own process.
/// </summary>
public sealed class ModelToolRunner
{
    private const int KeptLines = 40;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Func<ModelToolLaunch> _launch;

    /// <summary>Creates a runner.</summary>
    /// <param name="launch">Describes the child to start; called for every run (settings may change).</param>
    public ModelToolRunner(Func<ModelToolLaunch> launch)
    {
        ArgumentNullException.ThrowIfNull(launch);
        _launch = launch;
    }

    /// <summary>Runs <paramref name="operation"/> in a new child process and returns its result.</summary>
    /// <typeparam name="TResult">The result's type; the child's result object is read into it (camelCase JSON).</typeparam>
    /// <param name="operation">An <see cref="IModelToolOperation.Name"/>.</param>
    /// <param name="request">The request, serialized as camelCase JSON.</param>
    /// <param name="progress">Receives the child's progress reports (on a thread-pool thread), or null.</param>
    /// <param name="cancellationToken">Kills the child and throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The operation's result.</returns>
    /// <exception cref="ModelToolException">The operation reported an error (its message), or the child ended
    /// without a result (the exit code or signal, and its last lines), or could not be started.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<TResult> RunAsync<TResult>(string operation, object request, IProgress<ModelToolProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(operation);
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        ModelToolLaunch launch = _launch();
        var info = new ProcessStartInfo(launch.FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = launch.WorkingDirectory,
        };
        foreach (string arg in launch.Arguments) info.ArgumentList.Add(arg);
        foreach (var (key, value) in launch.Environment) info.Environment[key] = value;

        using var process = new Process { StartInfo = info };
        var lastLines = new Queue<string>();
        void Keep(string line)
        {
            lock (lastLines)
            {
                lastLines.Enqueue(line);
                if (lastLines.Count > KeptLines) lastLines.Dequeue();
            }
        }
        IReadOnlyList<string> LastLines() { lock (lastLines) return [.. lastLines]; }

        try
        {
            if (!process.Start()) throw new ModelToolException($"The model tool '{launch.FileName}' did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ModelToolException($"The model tool '{launch.FileName}' could not be started: {e.Message}", e);
        }
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Keep(e.Data); };
        process.BeginErrorReadLine();
        using var kill = cancellationToken.Register(() => KillTree(process));
        try
        {
            string envelope = JsonSerializer.Serialize(new { operation, request = JsonSerializer.SerializeToElement(request, request.GetType(), Json) }, Json);
            try
            {
                await process.StandardInput.WriteLineAsync(envelope.AsMemory(), cancellationToken).ConfigureAwait(false);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The child died before reading its request: its exit is described below.
            }

            JsonElement? result = null;
            string? error = null;
            while (await process.StandardOutput.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (!TryParse(line, out var message))
                {
                    Keep(line);
                    continue;
                }
                using (message)
                {
                    var root = message.RootElement;
                    switch (root.TryGetProperty("type", out var type) ? type.GetString() : null)
                    {
                        case "progress":
                            progress?.Report(new ModelToolProgress(
                                root.TryGetProperty("fraction", out var f) && f.ValueKind == JsonValueKind.Number ? f.GetDouble() : 0,
                                root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null));
                            break;
                        case "log":
                            Keep(root.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "");
                            break;
                        case "result":
                            result = root.TryGetProperty("result", out var r) ? r.Clone() : default;
                            break;
                        case "error":
                            error = root.TryGetProperty("message", out var e) ? e.GetString() : null;
                            break;
                        default:
                            Keep(line);
                            break;
                    }
                }
            }
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (error is not null) throw new ModelToolException(error);
            if (result is { } value && process.ExitCode == 0)
            {
                return value.Deserialize<TResult>(Json)
                    ?? throw new ModelToolException($"The model tool's '{operation}' result was empty.");
            }
            var lines = LastLines();
            var tail = lines.Count == 0 ? "" : $"; last output: {string.Join(" | ", lines.TakeLast(5).Select(l => l.Trim()))}";
            throw new ModelToolException($"The model tool ({operation}) ended without a result: {DescribeExit(process.ExitCode)}{tail}")
            {
                LastLines = lines,
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            KillTree(process);
            await WaitBrieflyAsync(process).ConfigureAwait(false);
            throw;
        }
        finally
        {
            KillTree(process);
        }
    }

    /// <summary>Describes an exit code; .NET reports 128 + n for a process killed by signal n.</summary>
    /// <param name="exitCode">The process exit code.</param>
    public static string DescribeExit(int exitCode) => exitCode is > 128 and < 160
        ? $"signal {exitCode - 128} ({SignalName(exitCode - 128)}), exit code {exitCode}"
        : $"exit code {exitCode}";

    private static string SignalName(int signal) => signal switch
    {
        4 => "SIGILL", 6 => "SIGABRT", 7 => "SIGBUS", 8 => "SIGFPE", 9 => "SIGKILL", 11 => "SIGSEGV", 15 => "SIGTERM",
        _ => "signal",
    };

    private static bool TryParse(string line, out JsonDocument document)
    {
        document = null!;
        if (!line.StartsWith('{')) return false;
        try
        {
            document = JsonDocument.Parse(line);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // Not started or already gone.
        }
    }

    private static async Task WaitBrieflyAsync(Process process)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
        {
            // It did not end in time, or never started: nothing more to do.
        }
    }
}
