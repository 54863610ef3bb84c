using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Workbench.Web.Security;

/// <summary>
/// Brute-force limits of sign-in and join (issue 10 finding 6) with ASP.NET Core's rate limiter
/// (<c>Microsoft.AspNetCore.RateLimiting</c>): per client IP address and endpoint, a fixed window of
/// <see cref="WebSecurityOptions.AttemptsPerMinutePerAddress"/> attempts a minute (policy <see cref="PolicyName"/>),
/// and per account the <see cref="AccountAttemptFilter"/> over <see cref="AccountLockout"/>. A refused attempt is
/// 429 with <c>Retry-After</c> (<see cref="TooManyAttempts"/>). The address is the connection's remote address: behind
/// a reverse proxy, configure ASP.NET Core's forwarded headers first, or every client shares the proxy's limit.
/// </summary>
public static class SignInRateLimiting
{
    /// <summary>The rate limiter policy of the account form endpoints.</summary>
    public const string PolicyName = "sign-in";

    /// <summary>Registers the options (section <see cref="WebSecurityOptions.SectionName"/>, validated at start),
    /// the rate limiter and <see cref="AccountLockout"/>.</summary>
    /// <param name="services">The app's services.</param>
    /// <param name="configuration">The app's configuration.</param>
    public static IServiceCollection AddWorkbenchSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebSecurityOptions>()
            .Bind(configuration.GetSection(WebSecurityOptions.SectionName))
            .Validate(o => o.Validate() is null, "Web:Security is invalid (see WebSecurityOptions for the ranges).")
            .ValidateOnStart();
        services.AddSingleton<AccountLockout>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                return new ValueTask(TooManyAttempts.ForAddress(rejected.HttpContext.Request, retryAfter).ExecuteAsync(rejected.HttpContext));
            };
            limiter.AddPolicy(PolicyName, http =>
            {
                var options = http.RequestServices.GetRequiredService<IOptions<WebSecurityOptions>>().Value;
                var key = (http.Connection.RemoteIpAddress?.ToString() ?? "unknown") + " " + http.Request.Path.Value?.ToLowerInvariant();
                return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.AttemptsPerMinutePerAddress,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
        });
        return services;
    }

    /// <summary>Applies both limits to an account form endpoint: the per-address policy and the per-account filter.</summary>
    /// <param name="endpoint">The <c>MapPost</c> of <c>/account/login</c> or <c>/account/join</c>.</param>
    public static RouteHandlerBuilder RequireSignInLimits(this RouteHandlerBuilder endpoint) =>
        endpoint.RequireRateLimiting(PolicyName).AddEndpointFilter<RouteHandlerBuilder, AccountAttemptFilter>();
}
