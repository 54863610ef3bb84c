using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Workbench.Lab.Mcp;

/// <summary>
/// An <see cref="IClientTransport"/> around the SDK's (stdio or streamable HTTP) that records every JSON-RPC message
/// sent and received in an <see cref="McpTrafficLog"/>, serialized with <see cref="McpJsonUtilities.DefaultOptions"/>
/// as the SDK writes it on the wire. The session it returns is the SDK's, with its reader relayed through a channel
/// of our own so each message is recorded as it arrives, before the client sees it.
/// </summary>
/// <param name="inner">The SDK transport; disposed with the session.</param>
/// <param name="server">The configured server name the entries carry.</param>
/// <param name="traffic">Where messages are recorded.</param>
internal sealed class RecordingClientTransport(IClientTransport inner, string server, McpTrafficLog traffic) : IClientTransport
{
    private static readonly JsonTypeInfo<JsonRpcMessage> MessageType =
        (JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));

    /// <summary>The session opened by the last <see cref="ConnectAsync"/>, or null.</summary>
    public RecordingTransport? Session { get; private set; }

    /// <inheritdoc/>
    public string Name => inner.Name;

    /// <inheritdoc/>
    public async Task<ITransport> ConnectAsync(CancellationToken cancellationToken = default)
    {
        var session = await inner.ConnectAsync(cancellationToken).ConfigureAwait(false);
        Session = new RecordingTransport(session, server, traffic);
        return Session;
    }

    /// <summary>The JSON text of a message as the SDK serializes it.</summary>
    public static string Serialize(JsonRpcMessage message) => JsonSerializer.Serialize(message, MessageType);

    /// <summary>The session side: sends through the SDK's transport and relays what it reads.</summary>
    internal sealed class RecordingTransport : ITransport
    {
        private readonly ITransport inner;
        private readonly string server;
        private readonly McpTrafficLog traffic;
        private readonly Channel<JsonRpcMessage> received = Channel.CreateUnbounded<JsonRpcMessage>(new() { SingleReader = true, SingleWriter = true });

        public RecordingTransport(ITransport inner, string server, McpTrafficLog traffic)
        {
            this.inner = inner;
            this.server = server;
            this.traffic = traffic;
            Relay = RelayAsync();
        }

        /// <summary>Completes when the SDK's reader completes (the process exited, the HTTP session ended, or disposal).</summary>
        public Task Relay { get; }

        public string? SessionId => inner.SessionId;

        public ChannelReader<JsonRpcMessage> MessageReader => received.Reader;

        public async Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
        {
            traffic.Record(server, McpDirection.Sent, Serialize(message));
            await inner.SendMessageAsync(message, cancellationToken).ConfigureAwait(false);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();

        private async Task RelayAsync()
        {
            await Task.Yield();
            try
            {
                await foreach (var message in inner.MessageReader.ReadAllAsync().ConfigureAwait(false))
                {
                    traffic.Record(server, McpDirection.Received, Serialize(message));
                    await received.Writer.WriteAsync(message).ConfigureAwait(false);
                }
                received.Writer.TryComplete();
            }
            catch (Exception e)
            {
                received.Writer.TryComplete(e); // the client sees the transport's own failure
            }
        }
    }
}
