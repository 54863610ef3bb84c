using Dapper;

namespace Workbench.Lab.Storage;

// Students' re-entry codes (migration 2).
public sealed partial class LabStore
{
    /// <inheritdoc />
    public async Task<DateTimeOffset> SetReentryCodeHashAsync(string userId, string reentryCodeHash, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(reentryCodeHash);
        var issuedAt = NowMs();
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(Command(
            "UPDATE users SET reentry_code_hash = @reentryCodeHash, reentry_code_issued_at = @issuedAt WHERE id = @userId",
            new { userId, reentryCodeHash, issuedAt }, null, cancellationToken));
        if (changed == 0) throw new KeyNotFoundException($"No user has id '{userId}'.");
        return FromUnixMs(issuedAt);
    }
}
