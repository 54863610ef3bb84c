using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using Workbench.Engine.Native;

namespace Workbench.Engine.ModelTools;

/// <summary>
/// The model-tool child process (<c>Workbench.Web --model-tool</c>): runs one <see cref="IModelToolOperation"/> and
/// exits. Started by <see cref="ModelToolRunner"/>; a native abort in llama.cpp ends only this process, and the
/// parent cancels by killing it.
/// </summary>
/// <remarks>
/// The protocol (JSON, one object per line, UTF-8):
/// <list type="bullet">
/// <item>standard input: one request line <c>{"operation": "quantize", "request": {…}}</c>;</item>
/// <item>standard output: any number of <c>{"type":"progress","fraction":0.5,"message":"…"}</c> and
/// <c>{"type":"log","text":"…"}</c> lines, then exactly one <c>{"type":"result","result":{…}}</c> (exit code 0) or
/// <c>{"type":"error","message":"…"}</c> (exit code 1).</item>
/// </list>
/// Standard output carries nothing else: before anything else runs, the process keeps a private copy of descriptor 1
/// for the protocol and points descriptor 1 at standard error, so whatever native code or the console prints
/// lands on standard error. llama.cpp's log (<see cref="LlamaBackend.LogMessage"/>, Information and above) becomes
/// <c>log</c> lines.
/// </remarks>
public static class ModelToolHost
{
    /// <summary>The switch that selects model-tool mode; removed before configuration reads the arguments.</summary>
    public const string Switch = "--model-tool";

    private static readonly Lock WriteGate = new();

    /// <summary>Whether <paramref name="args"/> select model-tool mode.</summary>
    /// <param name="args">The process arguments.</param>
    public static bool IsSelected(string[] args) => args is not null && args.Contains(Switch, StringComparer.Ordinal);

    /// <summary>Reads the request, runs the operation and writes the protocol lines (see the remarks).
    /// Configuration as the engine worker's: <c>appsettings.json</c> in the current directory, environment variables
    /// (<c>Engine__*</c>) and the arguments (<c>--Engine:Threads=2</c>).</summary>
    /// <param name="args">The process arguments; <see cref="Switch"/> is ignored.</param>
    /// <param name="cancellationToken">Stops the operation (the parent normally kills the process instead).</param>
    /// <returns>0 after a result, 1 after an error.</returns>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        using Stream protocol = TakeStandardOutput();
        void Send(Action<Utf8JsonWriter> write)
        {
            var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer)) { writer.WriteStartObject(); write(writer); writer.WriteEndObject(); }
            buffer.WriteByte((byte)'\n');
            lock (WriteGate)
            {
                protocol.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
                protocol.Flush();
            }
        }
        void SendError(string message) => Send(w => { w.WriteString("type", "error"); w.WriteString("message", message); });

        try
        {
            string? line = await Console.In.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrWhiteSpace(line))
            {
                SendError("The model tool received no request on standard input.");
                return 1;
            }
            using var envelope = JsonDocument.Parse(line);
            string? name = envelope.RootElement.TryGetProperty("operation", out var op) && op.ValueKind == JsonValueKind.String ? op.GetString() : null;
            var operation = ModelToolOperations.Find(name);
            if (operation is null)
            {
                SendError($"Unknown model-tool operation '{name}'. Known: {string.Join(", ", ModelToolOperations.All.Select(o => o.Name))}.");
                return 1;
            }
            JsonElement request = envelope.RootElement.TryGetProperty("request", out var r) ? r.Clone() : default;

            EngineOptions options = ReadOptions(args);
            var context = new ModelToolContext(options,
                (fraction, message) => Send(w =>
                {
                    w.WriteString("type", "progress");
                    w.WriteNumber("fraction", fraction);
                    if (message is null) w.WriteNull("message"); else w.WriteString("message", message);
                }),
                text => Send(w => { w.WriteString("type", "log"); w.WriteString("text", text); }));
            void ForwardLog(LogLevel level, string text) { if (level >= LogLevel.Information) context.Log(text); }
            LlamaBackend.LogMessage += ForwardLog;
            try
            {
                LlamaBackend.Initialize(options);
                JsonElement result = await operation.RunAsync(request, context, cancellationToken).ConfigureAwait(false);
                Send(w => { w.WriteString("type", "result"); w.WritePropertyName("result"); result.WriteTo(w); });
                return 0;
            }
            finally
            {
                LlamaBackend.LogMessage -= ForwardLog;
            }
        }
        catch (OperationCanceledException)
        {
            SendError("The operation was cancelled.");
            return 1;
        }
        catch (Exception e) when (e is ModelToolException or JsonException or ArgumentException or NativeLibraryException
                                      or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            SendError(e.Message);
            return 1;
        }
    }

    /// <summary>The <c>Engine</c> section, read as the worker reads it; configured model directories replace the
    /// defaults (as <see cref="EngineServiceCollectionExtensions.AddEngine"/> does).</summary>
    private static EngineOptions ReadOptions(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args.Where(a => a != Switch).ToArray())
            .Build();
        var section = configuration.GetSection(EngineOptions.SectionName);
        var options = section.Get<EngineOptions>() ?? new EngineOptions();
        var directories = section.GetSection(nameof(EngineOptions.ModelDirectories)).Get<string[]>();
        if (directories is { Length: > 0 }) options.ModelDirectories = directories;
        options.Validate();
        return options;
    }

    /// <summary>Keeps descriptor 1 for the protocol and points descriptor 1 at standard error (see the remarks).
    /// Where that is impossible (not Unix), the console's standard output is used as it is.</summary>
    private static Stream TakeStandardOutput()
    {
        if (OperatingSystem.IsWindows()) return Console.OpenStandardOutput();
        int copy = LibC.dup(1);
        if (copy < 0 || LibC.dup2(2, 1) < 0) return Console.OpenStandardOutput();
        return new FileStream(new SafeFileHandle(copy, ownsHandle: true), FileAccess.Write, bufferSize: 1);
    }
}
