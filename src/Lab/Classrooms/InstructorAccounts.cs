using Microsoft.Extensions.Options;
using Workbench.Lab.Storage;

namespace Workbench.Lab.Classrooms;

/// <summary>
/// Instructor accounts of classroom mode: the configured one (<see cref="LabOptions.Instructor"/>) is created on
/// first run; passwords are stored as salted PBKDF2-SHA-256 hashes and checked in constant time. A singleton.
/// </summary>
/// <param name="store">The store.</param>
/// <param name="options">The lab options.</param>
/// <param name="time">The clock.</param>
public sealed class InstructorAccounts(ILabStore store, IOptions<LabOptions> options, TimeProvider time)
{
    /// <summary>The shortest accepted password: 8 characters.</summary>
    public const int MinPasswordLength = 8;

    /// <summary>
    /// Makes sure the configured instructor exists: creates <c>Lab:Instructor:UserName</c> with
    /// <c>Lab:Instructor:Password</c> when no account has that user name. An existing account is left as it is
    /// (the configured password only seeds the first run).
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The instructor account.</returns>
    /// <exception cref="InvalidOperationException">The account does not exist and no password (or one shorter than
    /// 8 characters) is configured; the message says how to set one. Classroom mode refuses to start.</exception>
    public async Task<UserAccount> EnsureConfiguredInstructorAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.Instructor;
        var userName = string.IsNullOrWhiteSpace(configured.UserName) ? "instructor" : configured.UserName.Trim();
        if (await store.FindUserByNameAsync(userName, cancellationToken).ConfigureAwait(false) is { } existing) return existing;
        if (string.IsNullOrEmpty(configured.Password) || configured.Password.Length < MinPasswordLength)
        {
            throw new InvalidOperationException(
                $"Classroom mode needs an instructor account, and '{userName}' does not exist yet: set an initial password of at least " +
                $"{MinPasswordLength} characters with Lab:Instructor:Password (for example --Lab:Instructor:Password=... on the command line, " +
                "or the Lab__Instructor__Password environment variable) and start again.");
        }
        var displayName = string.IsNullOrWhiteSpace(configured.DisplayName) ? userName : configured.DisplayName.Trim();
        return await CreateAsync(userName, displayName, configured.Password, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates an instructor account.</summary>
    /// <param name="userName">Sign-in name (unique, case-insensitive).</param>
    /// <param name="displayName">Display name.</param>
    /// <param name="password">The password (at least 8 characters).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException">The user name is empty or the password too short.</exception>
    /// <exception cref="StoreException">The user name is taken.</exception>
    public async Task<UserAccount> CreateAsync(string userName, string displayName, string password, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        if (string.IsNullOrEmpty(password) || password.Length < MinPasswordLength)
            throw new ArgumentException($"An instructor password must have at least {MinPasswordLength} characters.", nameof(password));
        var account = new UserAccount(Guid.NewGuid().ToString("N"), userName.Trim(), displayName, LabRoles.Instructor,
            PasswordHasher.Hash(password), time.GetUtcNow());
        await store.CreateUserAsync(account, cancellationToken).ConfigureAwait(false);
        return account;
    }

    /// <summary>The instructor signing in as <paramref name="userName"/> with <paramref name="password"/>, or null
    /// when the name is unknown, the account is not an instructor or the password is wrong (the three are not told
    /// apart, and take the same time).</summary>
    /// <param name="userName">Sign-in name (case-insensitive).</param>
    /// <param name="password">The password typed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<UserAccount?> VerifyAsync(string? userName, string? password, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
        {
            PasswordHasher.VerifyNothing(password ?? "");
            return null;
        }
        var account = await store.FindUserByNameAsync(userName.Trim(), cancellationToken).ConfigureAwait(false);
        if (account is not { Role: LabRoles.Instructor, PasswordHash: { } hash })
        {
            PasswordHasher.VerifyNothing(password);
            return null;
        }
        return PasswordHasher.Verify(password, hash) ? account : null;
    }
}
