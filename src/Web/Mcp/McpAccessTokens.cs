using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Workbench.Web.Auth;

namespace Workbench.Web.Mcp;

/// <summary>
/// The bearer tokens of the lab's MCP endpoint in classroom mode, for clients that cannot send the browser's
/// session cookie (an MCP client on the student's machine, the TypeScript SDK, a desktop host): a member gets one
/// from <c>GET /api/mcp/token</c> and sends <c>Authorization: Bearer &lt;token&gt;</c> to <c>/mcp</c>.
/// A token is the member's <see cref="LabUser"/> (id, display name, role, class) as JSON, encrypted and signed with
/// ASP.NET Core Data Protection (purpose <see cref="Purpose"/>, a time-limited protector) and valid for
/// <see cref="Lifetime"/> (12 hours) from issue; it is accepted by <c>/mcp</c> only, not by the lab's pages or APIs.
/// It is not stored, so it cannot be revoked before it expires (signing out does not end it); a new Data Protection
/// key ring (a new data directory) ends them all.
/// </summary>
public sealed class McpAccessTokens(IDataProtectionProvider provider, TimeProvider? clock = null)
{
    /// <summary>The Data Protection purpose string.</summary>
    public const string Purpose = "Workbench.Web.Mcp.AccessToken.v1";

    /// <summary>How long a token is valid: 12 hours, the sign-in cookie's lifetime.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private readonly ITimeLimitedDataProtector protector = provider.CreateProtector(Purpose).ToTimeLimitedDataProtector();
    private readonly TimeProvider time = clock ?? TimeProvider.System;

    /// <summary>Issues a token for <paramref name="user"/>, valid for <see cref="Lifetime"/>.</summary>
    /// <param name="user">The signed-in member.</param>
    /// <returns>The token (URL-safe base64 text) and when it expires (UTC).</returns>
    public (string Token, DateTimeOffset ExpiresAt) Issue(LabUser user)
    {
        var expiresAt = time.GetUtcNow() + Lifetime;
        return (Issue(user, expiresAt), expiresAt);
    }

    /// <summary>Issues a token for <paramref name="user"/> that expires at <paramref name="expiresAt"/>.</summary>
    internal string Issue(LabUser user, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(user);
        return protector.Protect(JsonSerializer.Serialize(user), expiresAt);
    }

    /// <summary>The member a token names, or null when it is expired, forged, damaged or not a token.</summary>
    /// <param name="token">The text after <c>Bearer </c>.</param>
    public LabUser? Read(string token)
    {
        try
        {
            var user = JsonSerializer.Deserialize<LabUser>(protector.Unprotect(token, out var expiresAt));
            return expiresAt > time.GetUtcNow() ? user : null;
        }
        catch (Exception e) when (e is CryptographicException or FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }

}
