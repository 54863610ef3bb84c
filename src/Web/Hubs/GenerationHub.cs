using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Workbench.Engine.Inference;
using Workbench.Engine.Tools;
using Workbench.Engine.Tools.Parsing;
using Workbench.Lab.Quotas;
using Workbench.Web.Auth;

namespace Workbench.Web.Hubs;

/// <summary>
/// SignalR hub at <c>/hubs/generation</c> streaming chat completions to JavaScript clients
/// (<c>@microsoft/signalr</c>: <c>connection.stream("StreamChat", request)</c>). Thin: it renders the chat
/// template and streams the engine's updates; cancelling the stream on the client cancels generation.
/// Requires a signed-in user (policy Member); generation is charged to that user (class quotas, fair queueing).
/// </summary>
/// <param name="engine">The engine (in the app: the supervised worker behind the quota-aware decorator).</param>
[Authorize(Policy = WorkbenchPolicies.Member)]
public sealed class GenerationHub(IInferenceEngine engine) : Hub
{
    /// <summary>
    /// Streams the assistant's reply to <paramref name="request"/>: one <see cref="StreamDelta"/> per sampled
    /// token, then a final one with finish reason, usage and timings. With tools (and <c>toolChoice</c> not
    /// <c>none</c>) the reply goes through a <see cref="ToolCallSession"/>, as on <c>/v1/chat/completions</c>: the
    /// deltas carry content, <see cref="StreamDelta.RawText"/> and <see cref="StreamDelta.ToolCalls"/>, and the finish
    /// reason is <c>tool_calls</c> when a call was parsed.
    /// </summary>
    /// <param name="request">The conversation and sampling parameters.</param>
    /// <param name="cancellationToken">Cancelled when the client cancels the stream or disconnects; stops generation.</param>
    /// <exception cref="HubException">A parameter is invalid (the message names the field), or the engine
    /// failed (its safe message: no model, prompt too long, bad grammar, worker restarting, quota used up).</exception>
    public async IAsyncEnumerable<StreamDelta> StreamChat(ChatStreamRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validated = ChatStreamRequestMapper.Validate(request);
        var generation = validated.Generation;
        RenderedPrompt prompt;
        ToolCallSession session;
        try
        {
            prompt = await engine.RenderChatAsync(new ChatRenderRequest
            {
                Messages = validated.Messages,
                Tools = validated.Tools,
                TemplateName = request.ChatTemplate,
            }, cancellationToken);
            session = ToolCallSession.Create(validated.Tools, validated.ToolChoice, validated.ParallelToolCalls, prompt.ToolCallFormat);
            generation = generation with { Sampling = session.ApplyTo(generation.Sampling) };
        }
        catch (EngineException e)
        {
            throw new HubException(e.Message);
        }
        catch (ArgumentException e)
        {
            throw new HubException(e.Message);
        }

        IAsyncEnumerable<GenerationUpdate> stream;
        using (EngineCallerContext.Begin(LabUser.CallerOf(Context.User)))
        {
            stream = engine.GenerateAsync(generation with { Prompt = prompt.Text }, cancellationToken); // the caller is read here
        }
        await using var updates = stream.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await updates.MoveNextAsync()) yield break;
            }
            catch (EngineException e)
            {
                throw new HubException(e.Message);
            }
            catch (ArgumentException e)
            {
                throw new HubException(e.Message);
            }
            var update = updates.Current;
            if (!session.ParsesCalls)
            {
                yield return StreamDelta.From(update);
                continue;
            }
            var events = new List<ToolCallEvent>(session.Push(update.Text));
            if (update.FinishReason is not null) events.AddRange(session.Complete());
            yield return StreamDelta.From(update, events, session);
        }
    }
}
