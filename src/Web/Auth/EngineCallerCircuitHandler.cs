using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Workbench.Lab.Quotas;

namespace Workbench.Web.Auth;

/// <summary>
/// Sets <see cref="EngineCallerContext"/> to the circuit's user around every inbound activity of a Blazor circuit
/// (UI events, JS interop calls, navigation), so engine calls made by components — including work they start on
/// the thread pool, which inherits the context — are charged to that user by the app's quota-aware
/// <c>IInferenceEngine</c>. Registered per circuit (scoped).
/// </summary>
/// <param name="authentication">The circuit's authentication state.</param>
internal sealed class EngineCallerCircuitHandler(AuthenticationStateProvider authentication) : CircuitHandler
{
    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            var state = await authentication.GetAuthenticationStateAsync();
            var caller = LabUser.CallerOf(state.User);
            using (EngineCallerContext.Begin(caller))
            {
                await next(context);
            }
        };
}
