using Microsoft.AspNetCore.Components.Authorization;

namespace Workbench.Web.Auth;

/// <summary>The signed-in user as components see it (scoped: one per circuit or request), read from Blazor's
/// <see cref="AuthenticationStateProvider"/>.</summary>
/// <param name="authentication">Blazor's authentication state.</param>
public sealed class CurrentUser(AuthenticationStateProvider authentication)
{
    /// <summary>The user, or null when nobody is signed in (classroom mode only; self-paced mode always has the learner).</summary>
    public async Task<LabUser?> GetAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return LabUser.FromPrincipal(state.User);
    }

    /// <summary>The user.</summary>
    /// <exception cref="UnauthorizedAccessException">Nobody is signed in (a page without <c>[Authorize]</c> called it).</exception>
    public async Task<LabUser> GetRequiredAsync() =>
        await GetAsync() ?? throw new UnauthorizedAccessException("Sign in to continue.");
}
