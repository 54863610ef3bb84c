using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Workbench.Lab.Quotas;
using Workbench.Lab.Storage;
using Workbench.Web.Auth;

namespace Workbench.Web.Tests.Auth;

/// <summary>The circuit handler that makes components' engine use count against the signed-in user.</summary>
public sealed class EngineCallerCircuitHandlerTests
{
    [Fact]
    public async Task InboundActivity_StudentCircuit_RunsAsTheStudentUnderTheirClass_IncludingWorkItStarts()
    {
        var student = new LabUser("ada-id", "Ada", LabRoles.Student, "class-1");
        var handler = new EngineCallerCircuitHandler(new FixedAuthenticationState(student.ToPrincipal("Cookies")));
        EngineCaller? during = null;
        Task<EngineCaller?>? background = null;

        await handler.CreateInboundActivityHandler(_ =>
        {
            during = EngineCallerContext.Current;
            background = Task.Run(async () =>
            {
                await Task.Delay(50);
                return EngineCallerContext.Current;
            });
            return Task.CompletedTask;
        })(null!);

        Assert.Equal(new EngineCaller("ada-id", "class-1"), during);
        Assert.Null(EngineCallerContext.Current); // restored after the activity
        Assert.Equal(new EngineCaller("ada-id", "class-1"), await background!);
    }

    [Theory]
    [InlineData(LabRoles.Instructor)]
    [InlineData(LabRoles.Learner)]
    public async Task InboundActivity_NonStudent_RunsWithoutAClass(string role)
    {
        var user = new LabUser("u", "U", role, "class-1");
        var handler = new EngineCallerCircuitHandler(new FixedAuthenticationState(user.ToPrincipal("Cookies")));
        EngineCaller? during = null;

        await handler.CreateInboundActivityHandler(_ => { during = EngineCallerContext.Current; return Task.CompletedTask; })(null!);

        Assert.Equal(new EngineCaller("u", null), during);
    }

    [Fact]
    public async Task InboundActivity_Anonymous_RunsAsTheAnonymousCaller()
    {
        var handler = new EngineCallerCircuitHandler(new FixedAuthenticationState(new ClaimsPrincipal(new ClaimsIdentity())));
        EngineCaller? during = null;

        await handler.CreateInboundActivityHandler(_ => { during = EngineCallerContext.Current; return Task.CompletedTask; })(null!);

        Assert.Same(EngineCaller.Anonymous, during);
    }

    private sealed class FixedAuthenticationState(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }
}
