using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.LabSdk;

namespace Workbench.Sandbox;

/// <summary>
/// Serves the grader's calls of harness operations: reads <see cref="CallRequest"/> lines from the private channel,
/// runs each call on the thread pool (so a call that never returns does not stop the others; the grader times it out
/// and may cancel it) and writes one <see cref="CallResponse"/> per call. Returns when the grader closes the channel.
/// </summary>
/// <param name="request">The run request.</param>
/// <param name="lab">The lab context every call gets.</param>
/// <param name="requests">The grader's requests.</param>
/// <param name="responses">Where the responses go.</param>
internal sealed class HarnessHost(RunRequest request, LabContext lab, Stream requests, Stream responses)
{
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly ConcurrentDictionary<long, CancellationTokenSource> _pending = new();

    /// <summary>Resolves every operation first (a missing one is a bad request, reported on standard error), then
    /// serves calls until the channel closes.</summary>
    /// <returns>The process exit code.</returns>
    public async Task<int> RunAsync(Assembly assembly, TextWriter errors)
    {
        var operations = new Dictionary<string, MethodInfo>(StringComparer.Ordinal);
        foreach (var operation in request.Operations)
        {
            var method = assembly.GetType(operation.Type)?.GetMethod(operation.Method,
                BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, [typeof(JsonNode), typeof(HarnessContext)]);
            if (method is null)
            {
                await errors.WriteLineAsync($"Operation '{operation.Name}': no static {operation.Type}.{operation.Method}(JsonNode, HarnessContext).");
                return SandboxExitCodes.BadRequest;
            }
            operations[operation.Name] = method;
        }

        var reader = new JsonLineReader(requests);
        while (await reader.ReadLineAsync(CancellationToken.None) is { } line)
        {
            var call = JsonSerializer.Deserialize<CallRequest>(line, SandboxJson.Options)
                ?? throw new InvalidDataException("a null request");
            if (call.Cancel)
            {
                if (_pending.TryRemove(call.Id, out var cancel)) await cancel.CancelAsync();
                continue;
            }
            var source = new CancellationTokenSource();
            _pending[call.Id] = source;
            // On a pool thread, so that code that never yields (an endless loop) cannot stop the loop reading calls.
            _ = Task.Run(() => ServeAsync(call, operations, source));
        }
        return 0;
    }

    private async Task ServeAsync(CallRequest call, Dictionary<string, MethodInfo> operations, CancellationTokenSource source)
    {
        CallResponse response;
        try
        {
            if (call.Op is null || !operations.TryGetValue(call.Op, out var method))
            {
                response = new CallResponse(call.Id, null, new CallError("MissingMethodException", $"The harness has no operation '{call.Op}'.", null));
            }
            else
            {
                var output = await InvokeAsync(method, call.Input, new HarnessContext(lab, source.Token));
                response = new CallResponse(call.Id, output, null);
            }
        }
        catch (Exception e)
        {
            response = new CallResponse(call.Id, null, FailureDescription.Describe(e, request.StudentFiles));
        }
        finally
        {
            _pending.TryRemove(call.Id, out _);
            source.Dispose();
        }
        await WriteAsync(response);
        if (response.Error is { OutOfMemory: true }) Environment.Exit(SandboxExitCodes.OutOfMemory);
    }

    private static async Task<JsonNode?> InvokeAsync(MethodInfo method, JsonNode? input, HarnessContext context)
    {
        var result = method.Invoke(null, BindingFlags.DoNotWrapExceptions, null, [input, context], null);
        return result switch
        {
            Task<JsonNode> task => await task,
            Task task => await Completed(task),
            _ => (JsonNode?)result,
        };

        static async Task<JsonNode?> Completed(Task task)
        {
            await task;
            return null;
        }
    }

    /// <summary>Writes one response line; an output too large for the channel becomes an error instead.</summary>
    private async Task WriteAsync(CallResponse response)
    {
        byte[] frame;
        try
        {
            frame = SandboxJson.Frame(response);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException)
        {
            frame = SandboxJson.Frame(new CallResponse(response.Id, null, new CallError(e.GetType().Name, "The output could not be written as JSON: " + e.Message, null)));
        }
        if (frame.Length > SandboxJson.MaxMessageBytes)
        {
            frame = SandboxJson.Frame(new CallResponse(response.Id, null,
                new CallError("InvalidDataException", $"The output is larger than {SandboxJson.MaxMessageBytes >> 20} MiB.", null)));
        }
        await _writeGate.WaitAsync();
        try
        {
            await responses.WriteAsync(frame);
            await responses.FlushAsync();
        }
        finally
        {
            _writeGate.Release();
        }
    }
}
