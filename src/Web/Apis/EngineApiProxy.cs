using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Workbench.Engine.Inference;
using Workbench.Engine.Serving;
using Workbench.Lab.Quotas;
using Workbench.Web.Auth;
using Workbench.Web.Hosting;

namespace Workbench.Web.Apis;

/// <summary>
/// Forwards the engine's HTTP API (<c>/v1/*</c> and llama-server's <c>/tokenize</c>, <c>/detokenize</c>,
/// <c>/apply-template</c>, <c>/props</c>, <c>/tool-calls/parse</c>, <c>/health</c>, <c>/models/load</c>) to the supervised worker. Bodies
/// stream both ways as they arrive (server-sent events are relayed event by event and flushed); status and
/// content type are copied; the client's disconnect cancels the worker request. While no worker serves the
/// answer is 503 with an OpenAI error (<see cref="WorkerUnavailableError"/>); when the worker dies in the middle
/// of an event stream, a final <c>data: {"error":{...}}</c> event ends it.
/// <para>Generations (<c>POST /v1/chat/completions</c>, <c>POST /v1/completions</c>) are charged like every other
/// engine use: before forwarding, the request takes an <see cref="EngineLease"/> from the
/// <see cref="EngineAccessGate"/> (when one is registered) as the signed-in caller
/// (<see cref="LabUser.CallerOf"/>: students under their class's quotas), reserving the request's <c>max_tokens</c>
/// (<see cref="ProxyRequestBody.ReservedTokens"/>; the body is read first, within its limit), waiting its fair turn. A used-up quota
/// answers 429 (<see cref="RateLimitError"/>) without reaching the worker. The lease is released when the answer
/// has been relayed or the client has gone, and the tokens <see cref="ProxyUsageMeter"/> reads from the relayed
/// answer are charged then.</para>
/// <para>Bodies are limited per route (<see cref="RequestBodyLimits"/>, the worker's own limits): a larger one is 413
/// <c>request_too_large</c> in OpenAI's error shape, from the <c>Content-Length</c> before anything is forwarded, or
/// when Kestrel stops a chunked body at the limit — never a 503 for a worker that is fine.</para>
/// <para>Routing by <c>model</c> (issue 15, <see cref="RouteToToolWorkerAsync"/>): a generation whose <c>model</c> names
/// the tool model (<see cref="ToolModelWorker.Names"/>) goes to the tool worker, started on first use; anything else
/// to the main worker. <c>GET /v1/models</c> lists both (<see cref="ModelsAsync"/>); <c>/health</c> gains a
/// <c>tool_worker</c> object (<see cref="ToolWorkerHealth"/>).</para>
/// </summary>
public static partial class EngineApiProxy
{
    private static readonly string[] Routes = ["/v1/{**rest}", "/tokenize", "/detokenize", "/apply-template", "/props", "/tool-calls/parse"];
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();

    /// <summary>Maps the forwarded routes (every method): the routes above for members; <c>/models/load</c> for
    /// members, answered only for <see cref="WorkbenchPolicies.EngineControl"/> (<see cref="LoadModelAsync"/>);
    /// <c>/health</c> for anyone (<see cref="HealthAsync"/>).</summary>
    /// <param name="endpoints">The app.</param>
    public static IEndpointRouteBuilder MapEngineApiProxy(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/models", ModelsAsync).WithTags("Engine API").DisableAntiforgery().RequireAuthorization(WorkbenchPolicies.Member);
        foreach (var route in Routes)
        {
            endpoints.Map(route, ForwardAsync).WithTags("Engine API").DisableAntiforgery().RequireAuthorization(WorkbenchPolicies.Member);
        }
        endpoints.Map("/models/load", LoadModelAsync).WithTags("Engine API").DisableAntiforgery().RequireAuthorization(WorkbenchPolicies.Member);
        endpoints.Map("/health", HealthAsync).WithTags("Engine API").DisableAntiforgery();
        return endpoints;
    }

    private static async Task ForwardAsync(HttpContext context)
    {
        // The route's body limit, before anything is forwarded: a larger body is a 413 here, never a worker error.
        var bodyLimit = RequestBodyLimits.For(context.Request.Path);
        if (context.Request.ContentLength > bodyLimit)
        {
            await OpenAiErrorWriter.WriteRequestTooLargeAsync(context, bodyLimit);
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit) sizeLimit.MaxRequestBodySize = bodyLimit;

        var supervisor = context.RequestServices.GetRequiredService<WorkerSupervisor>();
        var generation = IsGeneration(context.Request);
        var gate = generation ? context.RequestServices.GetService<EngineAccessGate>() : null;
        // A generation whose body names the tool model (Engine:ToolModel) goes to the tool worker: the body is read first.
        var toolWorker = generation ? context.RequestServices.GetService<ToolModelWorker>() : null;
        if (toolWorker is { IsConfigured: false }) toolWorker = null;
        if (supervisor.Address is null && toolWorker is null)
        {
            await WorkerUnavailableError.WriteAsync(context, WorkerUnavailableError.MessageFor(supervisor));
            return;
        }

        byte[]? body = null;
        if (gate is not null || toolWorker is not null)
        {
            try
            {
                body = await ProxyRequestBody.ReadAsync(context.Request, bodyLimit, context.RequestAborted);
            }
            catch (Exception e) when (TooLargeBody(e))
            {
                await OpenAiErrorWriter.WriteRequestTooLargeAsync(context, bodyLimit);
                return;
            }
            catch (Exception e) when (context.RequestAborted.IsCancellationRequested && e is OperationCanceledException or IOException)
            {
                return; // the client left while sending
            }
        }
        if (toolWorker is not null && body is not null)
        {
            var routed = await RouteToToolWorkerAsync(context, toolWorker, body);
            if (routed.Answered) return;
            supervisor = routed.Supervisor ?? supervisor;
        }
        if (supervisor.Address is null)
        {
            await WorkerUnavailableError.WriteAsync(context, WorkerUnavailableError.MessageFor(supervisor));
            return;
        }

        if (gate is not null && body is not null)
        {
            EngineLease lease;
            try
            {
                // Reserve the request's max_tokens now and settle with the real usage at the end, so parallel
                // streams cannot overrun the tokens-per-minute quota before any of them is charged.
                var reservation = ProxyRequestBody.ReservedTokens(body, supervisor.Model?.ContextSize);
                lease = await gate.EnterAsync(LabUser.CallerOf(context.User), reservation, context.RequestAborted);
            }
            catch (RateLimitException e)
            {
                await RateLimitError.WriteAsync(context, e);
                return;
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                return; // left the queue: not counted
            }
            using (lease)
            {
                var meter = new ProxyUsageMeter();
                try
                {
                    await RelayAsync(context, supervisor, meter, body);
                }
                finally
                {
                    lease.RecordTokens(meter.Tokens);
                }
            }
        }
        else
        {
            await RelayAsync(context, supervisor, meter: null, body);
        }
        if (context.Request.Path.StartsWithSegments("/models/load")) await supervisor.RefreshModelAsync(CancellationToken.None);
    }

    /// <summary>Whether the request starts a generation (quota-charged): <c>POST /v1/chat/completions</c> or
    /// <c>POST /v1/completions</c>.</summary>
    private static bool IsGeneration(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && (request.Path.Equals("/v1/chat/completions", StringComparison.OrdinalIgnoreCase)
            || request.Path.Equals("/v1/completions", StringComparison.OrdinalIgnoreCase));

    /// <summary>Sends the request to the worker and copies its answer back; with a <paramref name="meter"/>, shows
    /// it every relayed byte of the answer.</summary>
    /// <param name="body">The body already read (generations), or null to stream the client's body.</param>
    private static async Task RelayAsync(HttpContext context, WorkerSupervisor supervisor, ProxyUsageMeter? meter, byte[]? body)
    {
        var http = context.RequestServices.GetRequiredService<IHttpClientFactory>().CreateClient(WorkerSupervisor.HttpClientName);
        var aborted = context.RequestAborted;
        if (supervisor.Address is not { } address) // the worker may have gone while the request queued
        {
            await WorkerUnavailableError.WriteAsync(context, WorkerUnavailableError.MessageFor(supervisor));
            return;
        }

        using var request = CreateRequest(context, address, body);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, aborted);
        }
        catch (Exception e) when (TooLargeBody(e))
        {
            // Kestrel stopped reading a chunked body at the route's limit while it was being forwarded.
            await OpenAiErrorWriter.WriteRequestTooLargeAsync(context, RequestBodyLimits.For(context.Request.Path));
            return;
        }
        catch (Exception e) when (!aborted.IsCancellationRequested && e is HttpRequestException or IOException or OperationCanceledException)
        {
            await WorkerUnavailableError.WriteAsync(context, WorkerUnavailableError.DiedMessage);
            return;
        }
        catch (OperationCanceledException)
        {
            return;
        }

        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            if (response.Content.Headers.ContentType is { } contentType) context.Response.ContentType = contentType.ToString();
            if (response.Headers.CacheControl is { } cacheControl) context.Response.Headers.CacheControl = cacheControl.ToString();
            if (response.Content.Headers.Allow.Count > 0) context.Response.Headers.Allow = string.Join(", ", response.Content.Headers.Allow);
            var isEventStream = response.Content.Headers.ContentType?.MediaType == "text/event-stream";
            if (isEventStream) context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            try
            {
                await using var answer = await response.Content.ReadAsStreamAsync(aborted);
                await context.Response.StartAsync(aborted);
                if (isEventStream) await RelayEventsAsync(answer, context.Response.Body, meter, aborted);
                else if (meter is null) await answer.CopyToAsync(context.Response.Body, aborted);
                else await CopyMeteredAsync(answer, context.Response.Body, meter, aborted);
            }
            catch (Exception e) when (!aborted.IsCancellationRequested && e is HttpRequestException or IOException)
            {
                if (!isEventStream)
                {
                    context.Abort(); // a half-written JSON body cannot be completed
                    return;
                }
                var error = WorkerUnavailableError.Json(WorkerUnavailableError.DiedMessage);
                await context.Response.Body.WriteAsync("data: "u8.ToArray(), CancellationToken.None);
                await context.Response.Body.WriteAsync(error, CancellationToken.None);
                await context.Response.Body.WriteAsync(EventEnd, CancellationToken.None);
                await context.Response.Body.FlushAsync(CancellationToken.None);
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                // The client went away; disposing the response cancels the worker request.
            }
        }
    }

    /// <summary>Whether <paramref name="exception"/> (or one it wraps) is the server's 413 for the client's body.</summary>
    private static bool TooLargeBody(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }) return true;
        }
        return false;
    }

    private static HttpRequestMessage CreateRequest(HttpContext context, Uri address, byte[]? body)
    {
        var target = new Uri(address, context.Request.PathBase + context.Request.Path + context.Request.QueryString);
        var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (context.Request.ContentType is { } contentType) request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        else if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            // Streamed as it arrives, cut at the route's limit (whatever the server in front enforces).
            request.Content = new StreamContent(ProxyRequestBody.Limit(context.Request.Body, RequestBodyLimits.For(context.Request.Path)));
            if (context.Request.ContentType is { } contentType) request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            if (context.Request.ContentLength is { } length) request.Content.Headers.ContentLength = length;
        }
        foreach (var accept in context.Request.Headers.Accept) request.Headers.TryAddWithoutValidation("Accept", accept);
        return request;
    }

    /// <summary>Copies server-sent events, writing and flushing each complete event (up to a blank line) as soon
    /// as it has arrived, so a broken connection never leaves half an event at the client.</summary>
    private static async Task RelayEventsAsync(Stream source, Stream destination, ProxyUsageMeter? meter, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var pending = new ArrayBufferWriter<byte>();
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                pending.Write(buffer.AsSpan(0, read));
                var end = pending.WrittenSpan.LastIndexOf(EventEnd);
                if (end < 0) continue;
                var complete = end + EventEnd.Length;
                await destination.WriteAsync(pending.WrittenMemory[..complete], cancellationToken);
                await destination.FlushAsync(cancellationToken);
                meter?.ObserveEvents(pending.WrittenSpan[..complete]);
                var rest = pending.WrittenSpan[complete..].ToArray();
                pending.ResetWrittenCount();
                pending.Write(rest);
            }
            if (pending.WrittenCount > 0)
            {
                await destination.WriteAsync(pending.WrittenMemory, cancellationToken);
                await destination.FlushAsync(cancellationToken);
                meter?.ObserveEvents(pending.WrittenSpan);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Copies a whole (non-streaming) body, showing the meter a copy of each piece.</summary>
    private static async Task CopyMeteredAsync(Stream source, Stream destination, ProxyUsageMeter meter, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                meter.AppendBody(buffer.AsSpan(0, read));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
