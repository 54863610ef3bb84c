namespace Workbench.Web.Security;

/// <summary>
/// Configuration section <c>Web:Security</c>: brute-force limits of sign-in and join, and the origins trusted for
/// state-changing API calls. Override with <c>Web__Security__*</c> environment variables or
/// <c>--Web:Security:*</c> arguments.
/// </summary>
public sealed class WebSecurityOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Web:Security";

    /// <summary>Sign-in (<c>POST /account/login</c>) or join (<c>POST /account/join</c>) attempts one client IP
    /// address may make per minute, counted per endpoint (ASP.NET Core's fixed-window rate limiter); the next is
    /// answered 429 with <c>Retry-After</c>. Range 1–100,000. Default 10.</summary>
    public int AttemptsPerMinutePerAddress { get; set; } = 10;

    /// <summary>Attempts per minute on one account, whatever the address: a user name at sign-in, a join code
    /// and display name at join. Range 1–100,000. Default 10.</summary>
    public int AttemptsPerMinutePerAccount { get; set; } = 10;

    /// <summary>Failed attempts (wrong password, unknown join code) on one account within
    /// <see cref="LockoutSeconds"/> after which it is locked for <see cref="LockoutSeconds"/> from the last
    /// failure; a successful sign-in clears the count. Range 1–1,000. Default 5.</summary>
    public int FailuresBeforeLockout { get; set; } = 5;

    /// <summary>How long a locked account stays locked, in seconds (also the window failures are counted in).
    /// Range 1–86,400. Default 300 (5 minutes).</summary>
    public int LockoutSeconds { get; set; } = 300;

    /// <summary>Origins (<c>scheme://host[:port]</c>) besides the app's own that may send state-changing API
    /// requests from a browser, for example a reverse proxy's public address. Default none.</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Checks every range above.</summary>
    /// <returns>Null when valid, else a message naming the setting.</returns>
    public string? Validate() =>
        AttemptsPerMinutePerAddress is < 1 or > 100_000 ? "Web:Security:AttemptsPerMinutePerAddress must be between 1 and 100000."
        : AttemptsPerMinutePerAccount is < 1 or > 100_000 ? "Web:Security:AttemptsPerMinutePerAccount must be between 1 and 100000."
        : FailuresBeforeLockout is < 1 or > 1_000 ? "Web:Security:FailuresBeforeLockout must be between 1 and 1000."
        : LockoutSeconds is < 1 or > 86_400 ? "Web:Security:LockoutSeconds must be between 1 and 86400."
        : AllowedOrigins.FirstOrDefault(o => !Uri.TryCreate(o, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/") is { } bad
            ? $"Web:Security:AllowedOrigins: '{bad}' is not an origin (scheme://host[:port])."
        : null;
}
