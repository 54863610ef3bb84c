using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.LabSdk;
using Workbench.Sandbox;

namespace Workbench.Lab.Grading.Sandbox;

/// <summary>
/// The grader's side of one running sandbox's private channel (the sandbox's original standard input and output):
/// calls of harness operations as <see cref="CallRequest"/> lines, answers matched by id. Whatever the sandbox
/// sends is data: an output or an exception description for one call; nothing it sends can be a verdict. Answers
/// longer than <see cref="SandboxJson.MaxMessageBytes"/> or not in the protocol end the session. The grader's
/// checks record their trials here (<see cref="Report"/>) as they finish. For an MCP-server exercise the channel
/// carries the MCP stdio transport instead (<see cref="McpStreams"/>, read through a
/// <see cref="LineLimitedReadStream"/>: a line over the cap ends the session with a <see cref="ProtocolError"/>).
/// </summary>
public sealed class SandboxSession
{
    private readonly Stream _toSandbox;
    private readonly JsonLineReader? _fromSandbox;
    private readonly LineLimitedReadStream? _mcpFromSandbox;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<CallResponse>> _pending = new();
    private readonly List<SandboxTrial> _trials = [];
    private readonly CancellationTokenSource _closed = new();
    private long _nextId;

    internal SandboxSession(Stream toSandbox, Stream fromSandbox, bool mcp = false)
    {
        _toSandbox = toSandbox;
        if (mcp) _mcpFromSandbox = new LineLimitedReadStream(fromSandbox);
        else _fromSandbox = new JsonLineReader(fromSandbox);
    }

    /// <summary>MCP mode: the streams an MCP client's stdio transport uses — to the server (the sandbox's standard
    /// input) and from it (its standard output, line-capped); null in harness mode.</summary>
    internal (Stream ToServer, Stream FromServer)? McpStreams => _mcpFromSandbox is { } from ? (_toSandbox, from) : null;

    /// <summary>Cancelled once the channel is closed (the sandbox exited or was killed, or broke the protocol).</summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>Why the session ended because of what the sandbox sent, or null.</summary>
    public string? ProtocolError { get; private set; }

    /// <summary>The trials reported so far, in order (a snapshot).</summary>
    public IReadOnlyList<SandboxTrial> Trials
    {
        get
        {
            lock (_trials) return [.. _trials];
        }
    }

    /// <summary>Records a finished trial.</summary>
    /// <param name="trial">The trial's result, as the grader's check computed it.</param>
    public void Report(SandboxTrial trial)
    {
        lock (_trials) _trials.Add(trial);
    }

    /// <summary>Calls an operation and waits for its answer.</summary>
    /// <param name="operation">The harness operation's name.</param>
    /// <param name="input">Its input.</param>
    /// <param name="cancellationToken">Cancels the wait and tells the sandbox to cancel the call.</param>
    /// <returns>The operation's output.</returns>
    /// <exception cref="StudentCodeException">The call threw inside the sandbox.</exception>
    /// <exception cref="SandboxStoppedException">The sandbox is gone (its run ended for a reason the runner reports).</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<JsonNode?> CallAsync(string operation, JsonNode? input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (_mcpFromSandbox is not null)
            throw new InvalidOperationException("This exercise's sandbox is an MCP server: use CheckContext.Mcp, not CallAsync.");
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<CallResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        try
        {
            if (_closed.IsCancellationRequested) throw new SandboxStoppedException();
            await SendAsync(new CallRequest(id, operation, input));
            CallResponse response;
            try
            {
                response = await answer.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await SendAsync(new CallRequest(id, null, null, Cancel: true));
                throw;
            }
            if (response.Error is { } error) throw new StudentCodeException(error.Type, error.Message, error.Location);
            return response.Output;
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Reads answers until the sandbox closes its side; then fails every pending call. In MCP mode the MCP
    /// client reads; this waits until its stream ends (or the session is closed) and records an over-long line.</summary>
    internal async Task ReadAsync()
    {
        if (_mcpFromSandbox is { } mcp)
        {
            var ended = await Task.WhenAny(mcp.Ended, Task.Delay(Timeout.Infinite, _closed.Token)).ConfigureAwait(false);
            if (ended == mcp.Ended && mcp.Ended.Result is { } reason) ProtocolError = reason;
            await _closed.CancelAsync();
            return;
        }
        try
        {
            while (await _fromSandbox!.ReadLineAsync(CancellationToken.None) is { } line)
            {
                var response = JsonSerializer.Deserialize<CallResponse>(line, SandboxJson.Options)
                    ?? throw new JsonException("a null message");
                if (_pending.TryGetValue(response.Id, out var answer)) answer.TrySetResult(response);
            }
        }
        catch (Exception e) when (e is InvalidDataException or JsonException)
        {
            ProtocolError = "the sandbox broke the protocol: " + e.Message;
        }
        catch (IOException)
        {
            // the pipe broke: the process is gone
        }
        finally
        {
            await _closed.CancelAsync();
            foreach (var pending in _pending.Values) pending.TrySetException(new SandboxStoppedException());
        }
    }

    /// <summary>Closes the grader's side: the sandbox reads the end of its input and exits.</summary>
    internal async Task CloseAsync()
    {
        if (_mcpFromSandbox is not null) await _closed.CancelAsync();
        await _writeGate.WaitAsync();
        try
        {
            await _toSandbox.DisposeAsync();
        }
        catch (IOException)
        {
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task SendAsync(CallRequest request)
    {
        var frame = SandboxJson.Frame(request);
        await _writeGate.WaitAsync();
        try
        {
            await _toSandbox.WriteAsync(frame);
            await _toSandbox.FlushAsync();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            throw new SandboxStoppedException();
        }
        finally
        {
            _writeGate.Release();
        }
    }
}

/// <summary>The sandbox's channel is closed: the process exited, was killed at a limit, or broke the protocol.</summary>
public sealed class SandboxStoppedException() : Exception("The sandbox stopped before answering.");
