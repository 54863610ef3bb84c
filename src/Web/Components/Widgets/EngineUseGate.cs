using Microsoft.AspNetCore.Components.Authorization;
using Workbench.Lab.Quotas;
using Workbench.Web.Auth;

namespace Workbench.Web.Components.Widgets;

/// <summary>
/// Charges the widgets' engine use to the signed-in user (scoped: one per circuit). Calls through
/// <c>IInferenceEngine</c> run with <see cref="EngineCallerContext"/> set to the user, so the app's
/// <see cref="QuotaInferenceEngine"/> applies their class quotas; raw HTTP calls to the worker (which bypass that
/// decorator) take an <see cref="EngineLease"/> from the <see cref="EngineAccessGate"/> themselves and charge the
/// response's <c>usage.total_tokens</c>. Both throw <c>RateLimitException</c> when a quota is used up.
/// </summary>
/// <param name="services">Resolves the optional <see cref="AuthenticationStateProvider"/> and <see cref="EngineAccessGate"/>.</param>
public sealed class EngineUseGate(IServiceProvider services)
{
    /// <summary>The caller the current user's engine use is charged to (<see cref="EngineCaller.Anonymous"/> when
    /// nobody is signed in).</summary>
    public async Task<EngineCaller> GetCallerAsync()
    {
        if (services.GetService(typeof(AuthenticationStateProvider)) is not AuthenticationStateProvider auth) return EngineCaller.Anonymous;
        return LabUser.CallerOf((await auth.GetAuthenticationStateAsync()).User);
    }

    /// <summary>Runs <paramref name="work"/> (calls on <c>IInferenceEngine</c>) as the current user.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="work">The engine calls.</param>
    /// <param name="cancellationToken">Passed to <paramref name="work"/>.</param>
    public async Task<T> RunOnEngineAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var caller = await GetCallerAsync();
        using (EngineCallerContext.Begin(caller))
        {
            return await work(cancellationToken);
        }
    }

    /// <summary>Sends one raw request to the worker under a lease of the gate (quota check, fair queueing) and
    /// charges its usage. Without a registered gate, just sends.</summary>
    /// <param name="send">Sends the request.</param>
    /// <param name="cancellationToken">Cancels waiting for a slot and the request.</param>
    /// <returns>The exchange and the summary of its response body (<see cref="WireJson.Summarize"/>), parsed once:
    /// the usage charged is its <see cref="WireSummary.TotalTokens"/>.</returns>
    /// <exception cref="Engine.Inference.RateLimitException">The user's quota is used up.</exception>
    public async Task<(WireExchange Exchange, WireSummary Summary)> RunOnWireAsync(Func<CancellationToken, Task<WireExchange>> send, CancellationToken cancellationToken)
    {
        if (services.GetService(typeof(EngineAccessGate)) is not EngineAccessGate gate)
        {
            var sent = await send(cancellationToken);
            return (sent, WireJson.Summarize(sent.ResponseBody));
        }
        var caller = await GetCallerAsync();
        using var lease = await gate.EnterAsync(caller, cancellationToken);
        var exchange = await send(cancellationToken);
        var summary = WireJson.Summarize(exchange.ResponseBody);
        lease.RecordTokens(summary.TotalTokens ?? 0);
        return (exchange, summary);
    }
}
