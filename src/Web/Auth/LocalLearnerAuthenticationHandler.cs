using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Workbench.Lab.Classrooms;
using Workbench.Lab.Storage;

namespace Workbench.Web.Auth;

/// <summary>
/// Self-paced mode's authentication: every request is authenticated as the local learner
/// (<see cref="LocalLearner.UserId"/>, role <see cref="LabRoles.Learner"/>), so pages and APIs need no sign-in.
/// A forbidden request (an instructor-only endpoint) answers 403.
/// </summary>
/// <param name="options">The scheme's options.</param>
/// <param name="logger">Loggers.</param>
/// <param name="encoder">URL encoder.</param>
public sealed class LocalLearnerAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private static readonly LabUser Learner = new(LocalLearner.UserId, LocalLearner.DisplayName, LabRoles.Learner, null);

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(Learner.ToPrincipal(Scheme.Name), Scheme.Name)));
}
